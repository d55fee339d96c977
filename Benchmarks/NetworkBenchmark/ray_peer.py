"""The second peer: the same trivial-task workload on Ray, started with 2 CPUs.

Prints one JSON line: throughput (tasks/s) over N tasks, and p50/p99 single-task round trip (ms)
over M sequential tasks.
"""
import json
import sys
import time

import ray


@ray.remote
def trivial(x):
    return x


if __name__ == "__main__":
    n, m = int(sys.argv[1]), int(sys.argv[2])
    ray.init(num_cpus=2, include_dashboard=False, logging_level="ERROR", log_to_driver=False)
    ray.get([trivial.remote(-1) for _ in range(20)])  # warm up: the workers start
    started = time.perf_counter()
    ray.get([trivial.remote(i) for i in range(n)])
    throughput = n / (time.perf_counter() - started)
    latencies = []
    for i in range(m):
        t = time.perf_counter()
        ray.get(trivial.remote(i))
        latencies.append((time.perf_counter() - t) * 1000)
    latencies.sort()
    print(json.dumps({"throughput": throughput, "p50": latencies[len(latencies) // 2], "p99": latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))]}))
    ray.shutdown()
