"""Run every benchmark: ``python -m benchmarks``."""

from benchmarks import bench_import

if __name__ == "__main__":
    print("== import + assignment ==")
    bench_import.main([])
