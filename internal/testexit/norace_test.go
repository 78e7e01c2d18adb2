//go:build !race

package testexit_test

const raceBuild = false
