"""The peer: the same trivial-task workload on Dask distributed, 2 worker processes, 1 thread each.

Prints one JSON line: throughput (tasks/s) over N tasks, and p50/p99 single-task round trip (ms)
over M sequential tasks.
"""
import json
import sys
import time

from dask.distributed import Client, LocalCluster


def trivial(x):
    return x


if __name__ == "__main__":
    n, m = int(sys.argv[1]), int(sys.argv[2])
    cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None)
    client = Client(cluster)
    client.submit(trivial, -1, pure=False).result()  # warm up
    started = time.perf_counter()
    client.gather(client.map(trivial, range(n), pure=False))
    throughput = n / (time.perf_counter() - started)
    latencies = []
    for i in range(m):
        t = time.perf_counter()
        client.submit(trivial, i, pure=False).result()
        latencies.append((time.perf_counter() - t) * 1000)
    latencies.sort()
    print(json.dumps({"throughput": throughput, "p50": latencies[len(latencies) // 2], "p99": latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))]}))
    client.close()
    cluster.close()
