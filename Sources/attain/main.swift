import ArgumentParser
// Entry point: make sure OpenBLAS uses fast kernels, then hand over to the commands.
OpenBLASCoreType.reexecIfNeeded()
Attain.main()
