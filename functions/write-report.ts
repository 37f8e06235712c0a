// Lambda write-report: being written (see docs/architecture.md).
