//go:build tools

// Package tools pins the commands this module builds (go build k8s.io/kubernetes/cmd/...).
package tools
