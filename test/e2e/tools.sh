#!/usr/bin/env bash
# Provides the real tools the end-to-end suite needs, built from pinned Go modules through the Go module proxy,
# into a cache outside the repository keyed by version (and reused when present):
#
#   terraform        1.11.x: the one on the PATH when it is 1.11.x, else built from github.com/hashicorp/terraform
#                    (or, when GOV_LZ_TOFU=1, OpenTofu from github.com/opentofu/opentofu)
#   providers        hashicorp/kubernetes and hashicorp/helm, built from their modules and installed in a Terraform
#                    filesystem mirror, with a CLI config that installs them from there (no registry needed)
#   kube-apiserver   kube-controller-manager, kubectl: from k8s.io/kubernetes
#   etcd             from go.etcd.io/etcd/server/v3
#   helm             3.21.x from helm.sh/helm/v3 (the major version terraform-provider-helm embeds): renders the
#                    charts the compliance pack checks (npm run charts:render)
#
# `tools.sh helm` provides helm only (what npm run charts:render needs) and prints its HELM= line.
# Prints KEY=VALUE lines on stdout (what test/e2e/planes.ts reads); progress goes to stderr.
# Environment: GOV_LZ_TOOLS_CACHE (default ~/.cache/gov-lz-tools), GOV_LZ_BUILD_TERRAFORM=1 builds Terraform even
# when one is on the PATH, GOV_LZ_TOFU=1 uses OpenTofu instead of Terraform.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
CACHE="${GOV_LZ_TOOLS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/gov-lz-tools}"

# Pinned versions. A provider's module version is the pseudo-version the Go module proxy serves for the commit
# (the providers' v2/v3 tags are not importable module versions: their go.mod has no /v2 or /v3 suffix).
TERRAFORM_VERSION=1.11.4
# Terraform's go.mod points nine nested modules at ./internal/…, which module zips leave out; the proxy serves
# them at the v1.11.4 commit under this pseudo-version.
TERRAFORM_INTERNAL_VERSION=v0.0.0-20250409131005-35645b8fca68
OPENTOFU_VERSION=1.10.6
K8S_PROVIDER_VERSION=3.2.1          # tag v3.2.1 + 2 commits (grpc security bump), commit 3a33fb6cc605
K8S_PROVIDER_MODULE=v1.13.4-0.20260821094251-3a33fb6cc605
HELM_PROVIDER_VERSION=3.2.0         # main after the v3.2.0 changelog entry, commit a4f1c1d8b008
HELM_PROVIDER_MODULE=v1.3.3-0.20260629194918-a4f1c1d8b008
KUBERNETES_VERSION=1.34.4           # test/e2e/tools/k8s/go.mod
ETCD_VERSION=3.6.17                 # test/e2e/tools/etcd/go.mod
HELM_VERSION=3.21.4                 # helm.sh/helm/v3; terraform-provider-helm 3.2.0 embeds helm v3 (v3.20.2)

log() { echo "tools.sh: $*" >&2; }
die() {
  echo "tools.sh: $*" >&2
  exit 1
}

if ! command -v go >/dev/null; then
  if [ -x /usr/local/go/bin/go ]; then export PATH="/usr/local/go/bin:$PATH"; else die "go is not installed: install Go 1.26 at /usr/local/go (https://go.dev/dl/), then run npm run e2e:tools again"; fi
fi
export GOFLAGS="${GOFLAGS:--buildvcs=false}" GOTOOLCHAIN=local CGO_ENABLED=0
GO_VERSION="$(go env GOVERSION)"
GOOS="$(go env GOOS)"
GOARCH="$(go env GOARCH)"
mkdir -p "$CACHE"

# Builds into a temporary folder and renames it into place, so an interrupted build never leaves a half cache entry.
# $1 key (folder under the cache), $2 function that builds into "$out/bin".
cached() {
  local key="$1" fn="$2" dest="$CACHE/$1"
  if [ -f "$dest/.complete" ]; then
    return 0
  fi
  local out
  out="$(mktemp -d "$CACHE/.build-$key.XXXXXX")"
  mkdir -p "$out/bin"
  local start=$SECONDS
  log "building $key (cold: several minutes; cached afterwards in $dest)"
  # Not in a conditional context: errexit must stay on inside the build function's subshell.
  set +e
  (
    set -e
    "$fn" "$out"
  ) >"$out/build.log" 2>&1
  local rc=$?
  set -e
  if [ "$rc" -ne 0 ] || [ -z "$(ls -A "$out/bin")" ]; then
    tail -n 30 "$out/build.log" >&2
    die "building $key failed (exit $rc); the full log is $out/build.log"
  fi
  echo "$((SECONDS - start))" >"$out/build-seconds"
  rm -rf "$dest"
  mv "$out" "$dest"
  touch "$dest/.complete"
  log "built $key in $((SECONDS - start)) s"
}

# go mod download of one module into the module cache; prints its folder.
module_dir() {
  go mod download -json "$1" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p'
}

# A writable copy of a module, for modules that build inside their own folder (replace directives).
module_copy() {
  local dir
  dir="$(module_dir "$1")"
  [ -n "$dir" ] || die "the Go module proxy did not serve $1"
  cp -r "$dir" "$2"
  chmod -R u+w "$2"
}

build_k8s() {
  local out="$1" src="$out/src"
  cp -r "$HERE/tools/k8s" "$src"
  chmod -R u+w "$src"
  local pkg=k8s.io/component-base/version cgo=k8s.io/client-go/pkg/version
  local ld="-s -w" minor
  minor="$(echo "$KUBERNETES_VERSION" | cut -d. -f2)"
  # What the release build stamps (hack/lib/version.sh): clients, helm and the API server's own compatibility
  # version read it; an unstamped build calls itself v0.0.0-master.
  for p in $pkg $cgo; do
    ld="$ld -X $p.gitVersion=v$KUBERNETES_VERSION -X $p.gitMajor=1 -X $p.gitMinor=$minor -X $p.gitTreeState=clean"
  done
  (cd "$src" && go build -trimpath -ldflags "$ld" -o "$out/bin/" k8s.io/kubernetes/cmd/kube-apiserver k8s.io/kubernetes/cmd/kube-controller-manager k8s.io/kubernetes/cmd/kubectl)
  rm -rf "$src"
}

build_etcd() {
  local out="$1" src="$out/src"
  cp -r "$HERE/tools/etcd" "$src"
  chmod -R u+w "$src"
  (cd "$src" && go build -trimpath -ldflags "-s -w" -o "$out/bin/etcd" .)
  rm -rf "$src"
}

# $1 out, $2 module path, $3 module version, $4 binary name
build_module_in_place() {
  local out="$1" src="$1/src"
  module_copy "$2@$3" "$src"
  (cd "$src" && go mod download && go build -trimpath -ldflags "-s -w" -o "$out/bin/$4" .)
  rm -rf "$src"
}

build_k8s_provider() { build_module_in_place "$1" github.com/hashicorp/terraform-provider-kubernetes "$K8S_PROVIDER_MODULE" terraform-provider-kubernetes; }
build_helm_provider() { build_module_in_place "$1" github.com/hashicorp/terraform-provider-helm "$HELM_PROVIDER_MODULE" terraform-provider-helm; }

build_terraform() {
  local out="$1" src="$1/src"
  module_copy "github.com/hashicorp/terraform@v$TERRAFORM_VERSION" "$src"
  # The nested modules' replace directives name folders the module zip does not have: name their published versions.
  sed -i -E "s#^replace (github.com/hashicorp/terraform/internal/[a-z0-9/-]+) => \./internal/.*#replace \1 => \1 $TERRAFORM_INTERNAL_VERSION#" "$src/go.mod"
  # Go 1.24 renamed the setting that turns the post-quantum TLS key exchange off (tlskyber → tlsmlkem); keep it off.
  sed -i -E 's/^godebug tlskyber=0$/godebug tlsmlkem=0/' "$src/go.mod"
  (cd "$src" && go mod download && GOFLAGS="$GOFLAGS -mod=mod" go build -trimpath -ldflags "-s -w -X github.com/hashicorp/terraform/version.dev=no" -o "$out/bin/terraform" .)
  rm -rf "$src"
}

build_tofu() {
  local out="$1" src="$1/src"
  module_copy "github.com/opentofu/opentofu@v$OPENTOFU_VERSION" "$src"
  (cd "$src" && go mod download && go build -trimpath -ldflags "-s -w" -o "$out/bin/tofu" ./cmd/tofu)
  rm -rf "$src"
}

build_helm() {
  local out="$1" v=helm.sh/helm/v3/internal/version
  # What helm's Makefile stamps: `helm version` and the chart's .Capabilities.HelmVersion read it.
  GOBIN="$out/bin" go install -trimpath -ldflags "-s -w -X $v.version=v$HELM_VERSION -X $v.gitTreeState=clean" "helm.sh/helm/v3/cmd/helm@v$HELM_VERSION"
}

hash_of() { cat "$@" | sha256sum | cut -c1-12; }

K8S_KEY="kubernetes-v$KUBERNETES_VERSION-$GO_VERSION-$(hash_of "$HERE/tools/k8s/go.mod" "$HERE/tools/k8s/go.sum")"
ETCD_KEY="etcd-v$ETCD_VERSION-$GO_VERSION-$(hash_of "$HERE/tools/etcd/go.mod" "$HERE/tools/etcd/go.sum" "$HERE/tools/etcd/main.go")"
K8S_PROVIDER_KEY="terraform-provider-kubernetes-$K8S_PROVIDER_MODULE-$GO_VERSION"
HELM_PROVIDER_KEY="terraform-provider-helm-$HELM_PROVIDER_MODULE-$GO_VERSION"
HELM_KEY="helm-v$HELM_VERSION-$GO_VERSION"

cached "$HELM_KEY" build_helm
HELM_BIN="$CACHE/$HELM_KEY/bin/helm"
if [ "${1:-}" = helm ]; then
  echo "HELM=$HELM_BIN"
  echo "HELM_VERSION=$HELM_VERSION"
  exit 0
fi

cached "$K8S_KEY" build_k8s
cached "$ETCD_KEY" build_etcd
cached "$K8S_PROVIDER_KEY" build_k8s_provider
cached "$HELM_PROVIDER_KEY" build_helm_provider

# Terraform: a 1.11.x on the PATH is used as it is; otherwise one is built.
TF_BIN=""
TF_NAME=terraform
if [ "${GOV_LZ_TOFU:-}" = 1 ]; then
  cached "opentofu-v$OPENTOFU_VERSION-$GO_VERSION" build_tofu
  TF_BIN="$CACHE/opentofu-v$OPENTOFU_VERSION-$GO_VERSION/bin/tofu"
  TF_NAME=tofu
elif [ "${GOV_LZ_BUILD_TERRAFORM:-}" != 1 ] && command -v terraform >/dev/null && terraform version 2>/dev/null | sed -n 1p | grep '^Terraform v1\.11\.' >/dev/null; then
  TF_BIN="$(command -v terraform)"
else
  cached "terraform-v$TERRAFORM_VERSION-$GO_VERSION" build_terraform
  TF_BIN="$CACHE/terraform-v$TERRAFORM_VERSION-$GO_VERSION/bin/terraform"
fi

# The filesystem mirror (unpacked layout) and a CLI config that installs hashicorp/* from it and nothing else.
MIRROR="$CACHE/mirror-kubernetes-$K8S_PROVIDER_VERSION-helm-$HELM_PROVIDER_VERSION"
install_provider() {
  local name="$1" version="$2" key="$3" host
  for host in registry.terraform.io registry.opentofu.org; do
    local dir="$MIRROR/$host/hashicorp/$name/$version/${GOOS}_$GOARCH"
    mkdir -p "$dir"
    cp -f "$CACHE/$key/bin/terraform-provider-$name" "$dir/terraform-provider-${name}_v$version"
  done
}
install_provider kubernetes "$K8S_PROVIDER_VERSION" "$K8S_PROVIDER_KEY"
install_provider helm "$HELM_PROVIDER_VERSION" "$HELM_PROVIDER_KEY"
CLI_CONFIG="$MIRROR/terraform.rc"
cat >"$CLI_CONFIG" <<EOF
# Written by test/e2e/tools.sh: providers come from the filesystem mirror only (air-gapped, no registry).
provider_installation {
  filesystem_mirror {
    path    = "$MIRROR"
    include = ["registry.terraform.io/hashicorp/*", "registry.opentofu.org/hashicorp/*"]
  }
}
EOF

BIN="$CACHE/$K8S_KEY/bin"
echo "GOV_LZ_TOOLS_CACHE=$CACHE"
echo "TERRAFORM=$TF_BIN"
echo "TERRAFORM_NAME=$TF_NAME"
echo "TF_CLI_CONFIG_FILE=$CLI_CONFIG"
echo "PROVIDER_MIRROR=$MIRROR"
echo "KUBE_APISERVER=$BIN/kube-apiserver"
echo "KUBE_CONTROLLER_MANAGER=$BIN/kube-controller-manager"
echo "KUBECTL=$BIN/kubectl"
echo "ETCD=$CACHE/$ETCD_KEY/bin/etcd"
echo "KUBERNETES_VERSION=$KUBERNETES_VERSION"
echo "K8S_PROVIDER_VERSION=$K8S_PROVIDER_VERSION"
echo "HELM_PROVIDER_VERSION=$HELM_PROVIDER_VERSION"
echo "HELM=$HELM_BIN"
echo "HELM_VERSION=$HELM_VERSION"
