#!/usr/bin/env bash
# Vendors the upstream Helm charts the landing zone installs, at the versions it pins, into test/fixtures/charts/
# (verbatim files; what is left out is listed in test/fixtures/charts/SOURCES.md). It reads local git clones of the
# upstream repositories (the machines cannot reach a chart repository): give their parent folder, holding
# <owner>+<name>/repo for each repository below.
#
#   scripts/vendor-charts.sh <folder of clones>
#
# Re-running it on the same clones writes the same files.
set -euo pipefail
src=${1:?usage: scripts/vendor-charts.sh <folder holding <owner>+<name>/repo clones>}
here=$(cd "$(dirname "$0")/.." && pwd)
dest="$here/test/fixtures/charts"

# copy <clone> <commit> <path in repo> <destination folder> [pathspec excludes relative to the path...]
copy() {
  local repo="$src/$1/repo" commit=$2 from=$3 to=$4
  shift 4
  local excludes=()
  for e in "$@"; do excludes+=(":(exclude)$from/$e"); done
  rm -rf "$to"
  mkdir -p "$to"
  local strip
  strip=$(awk -F/ '{print NF}' <<<"$from")
  git -C "$repo" archive --format=tar "$commit" -- "$from" "${excludes[@]}" | tar -x -C "$to" --strip-components="$strip"
  # Upstream's .gitignore files are the repository's, not the chart's (helm reads .helmignore); kube-prometheus-stack's
  # would hide its unpacked dependencies from git.
  find "$to" -name .gitignore -delete
}

# CloudNativePG 0.29.0 (tag cloudnative-pg-v0.29.0) with its dependency `cluster` 0.0.5 (alias monitoring).
copy cloudnative-pg+charts d1b5ad60cee2d9432a9cc05627b42a8d8dc7bbae charts/cloudnative-pg "$dest/cloudnative-pg-0.29.0" \
  templates/crds 'README.md*'
copy cloudnative-pg+grafana-dashboards cececeb393fb7c5400b4fa290aca68041293a127 charts/cluster "$dest/cloudnative-pg-0.29.0/charts/cluster" 'README.md*'

# KEDA 2.20.2.
copy kedacore+charts cbb9bb8ce0809dc9048f72302f7c09765d66ed56 keda "$dest/keda-2.20.2" templates/crds README.md
git -C "$src/kedacore+charts/repo" show cbb9bb8ce0809dc9048f72302f7c09765d66ed56:LICENSE >"$dest/keda-2.20.2/LICENSE"

# kube-prometheus-stack 88.5.3 with the dependencies its Chart.yaml pins, from the same commit (kube-state-metrics 8.4.0,
# prometheus-node-exporter 4.56.1, prometheus-windows-exporter 0.12.8 — the 0.12.* of that commit) and grafana 12.11.1
# from grafana-community/helm-charts.
kps=ea930baeebeba39f56d6b44e351f23b2a072a600
copy prometheus-community+helm-charts $kps charts/kube-prometheus-stack "$dest/kube-prometheus-stack-88.5.3" \
  charts/crds/crds charts/crds/files charts/crds/unittests charts/crds/README.md unittests ci README.md CONTRIBUTING.md UPGRADE.md hack
for c in kube-state-metrics prometheus-node-exporter prometheus-windows-exporter; do
  copy prometheus-community+helm-charts $kps charts/$c "$dest/kube-prometheus-stack-88.5.3/charts/$c" README.md ci unittests
done
copy grafana-community+helm-charts 864f7794683680e5100a38670e103c4fa6e37e29 charts/grafana "$dest/kube-prometheus-stack-88.5.3/charts/grafana" README.md ci unittests
git -C "$src/prometheus-community+helm-charts/repo" show $kps:LICENSE >"$dest/kube-prometheus-stack-88.5.3/LICENSE"
git -C "$src/grafana-community+helm-charts/repo" show 864f7794683680e5100a38670e103c4fa6e37e29:LICENSE >"$dest/kube-prometheus-stack-88.5.3/charts/grafana/LICENSE"

# Strimzi 1.2.0 (tag 1.2.0): the release copy of packaging/helm-charts/helm3/strimzi-kafka-operator; `make release`
# packages it with `helm package --version 1.2.0 --app-version 1.2.0`, which sets those two fields of Chart.yaml.
copy strimzi+strimzi-kafka-operator 6c7b43c4af0db547c10463ba09d1dfa6f5e156a0 helm-charts/helm3/strimzi-kafka-operator "$dest/strimzi-kafka-operator-1.2.0" crds tests README.md
sed -i -e 's/^version: .*/version: 1.2.0/' -e 's/^appVersion: .*/appVersion: 1.2.0/' "$dest/strimzi-kafka-operator-1.2.0/Chart.yaml"
git -C "$src/strimzi+strimzi-kafka-operator/repo" show 6c7b43c4af0db547c10463ba09d1dfa6f5e156a0:LICENSE >"$dest/strimzi-kafka-operator-1.2.0/LICENSE"

# redis-operator 0.26.1.
copy OT-CONTAINER-KIT+redis-operator 0bc34813ac968663d42e48c31436314cb173bd1f charts/redis-operator "$dest/redis-operator-0.26.1" crds 'README.md*'
git -C "$src/OT-CONTAINER-KIT+redis-operator/repo" show 0bc34813ac968663d42e48c31436314cb173bd1f:LICENSE >"$dest/redis-operator-0.26.1/LICENSE"

# Velero 12.1.0.
copy vmware-tanzu+helm-charts 84dd2c080519168bae69541f3c4c3fa6b2596da9 charts/velero "$dest/velero-12.1.0" crds ci README.md OWNERS
git -C "$src/vmware-tanzu+helm-charts/repo" show 84dd2c080519168bae69541f3c4c3fa6b2596da9:LICENSE >"$dest/velero-12.1.0/LICENSE"
