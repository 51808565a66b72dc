// Command etcd is the etcd server of the pinned go.etcd.io/etcd/server/v3 release, unchanged: it
// calls the release's own entry point (the one etcd's main package calls).
package main

import (
	"os"

	"go.etcd.io/etcd/server/v3/etcdmain"
)

func main() {
	etcdmain.Main(os.Args)
}
