#!/usr/bin/env python3
"""How long each block took to build against the weight it was charged.

Usage: scripts/block-times.py NODE_LOG RPC_URL

NODE_LOG is the log of the node that authored the blocks (its "Prepared block for proposing
at N (T ms) ... extrinsics_count: X" lines); RPC_URL its HTTP RPC (http://127.0.0.1:9944).
For each block the log names, the charged weight is `System::BlockWeight` (all classes) read
at that block. Prints blocks with more than two extrinsics, then the sums.
"""
import json
import re
import sys
import urllib.request

# twox128("System") ++ twox128("BlockWeight")
BLOCK_WEIGHT = "0x26aa394eea5630e07c48ae0c9558cef734abf5cb34d6244378cddbf18e849d96"
PREPARED = re.compile(
    r"Prepared block for proposing at (\d+) \((\d+) ms\).*extrinsics_count: (\d+)")


def rpc(url, method, params):
    body = json.dumps({"id": 1, "jsonrpc": "2.0", "method": method, "params": params}).encode()
    request = urllib.request.Request(url, body, {"Content-Type": "application/json"})
    return json.load(urllib.request.urlopen(request))["result"]


def compact(data, i):
    """A SCALE compact integer at data[i:]: (value, next index)."""
    mode = data[i] & 3
    if mode == 0:
        return data[i] >> 2, i + 1
    if mode == 1:
        return int.from_bytes(data[i:i + 2], "little") >> 2, i + 2
    if mode == 2:
        return int.from_bytes(data[i:i + 4], "little") >> 2, i + 4
    n = (data[i] >> 2) + 4
    return int.from_bytes(data[i + 1:i + 1 + n], "little"), i + 1 + n


def charged_ms(url, number):
    block = rpc(url, "chain_getBlockHash", [number])
    raw = block and rpc(url, "state_getStorage", [BLOCK_WEIGHT, block])
    if not raw:
        return None
    data, i, ref_time = bytes.fromhex(raw[2:]), 0, 0
    for _ in range(3):  # normal, operational, mandatory: (ref_time, proof_size) each
        value, i = compact(data, i)
        _, i = compact(data, i)
        ref_time += value
    return ref_time / 1e9  # picoseconds to ms


def main():
    log, url = sys.argv[1], sys.argv[2]
    total_built = total_charged = 0.0
    print("block  extrinsics  built ms  charged ms  built/charged")
    for line in open(log, errors="replace"):
        match = PREPARED.search(line)
        if not match:
            continue
        number, built, extrinsics = (int(g) for g in match.groups())
        if extrinsics <= 2:
            continue
        charged = charged_ms(url, number)
        if not charged:
            continue
        total_built += built
        total_charged += charged
        print(f"{number:5} {extrinsics:11} {built:9} {charged:11.1f}  {built / charged:6.2f}")
    if total_charged:
        print(f"all   {'':11} {total_built:9.0f} {total_charged:11.1f}  "
              f"{total_built / total_charged:6.2f}")


if __name__ == "__main__":
    main()
