#!/usr/bin/python3
"""PyTorch's own unroll of the paper's sentiment GRU, the reference for `kann bench --paper`.

    /usr/bin/python3 scripts/bench_pytorch_unroll.py CHECKPOINT.pt [--batch 64] [--steps 952] [--runs 5]

CHECKPOINT is the one `kann bench --paper --keep DIR` leaves in DIR (embedding, rnn = GRUCell,
linear). Times the published workflow's loop (GRUCell step by step over the padded batch, as the
paper's code does) and prints the median. On a busy machine more threads than idle cores make
torch's OpenMP workers spin: compare figures taken at the same load.
"""
import argparse
import statistics
import time

import torch


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("checkpoint")
    ap.add_argument("--batch", type=int, default=64)
    ap.add_argument("--steps", type=int, default=952)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--threads", type=int, default=0, help="torch threads (default: torch's own choice)")
    args = ap.parse_args()
    if args.threads:
        torch.set_num_threads(args.threads)

    state = torch.load(args.checkpoint)
    vocab, emb = state["embedding.weight"].shape
    hidden = state["rnn.weight_hh"].shape[1]
    embedding = torch.nn.Embedding(vocab, emb)
    cell = torch.nn.GRUCell(emb, hidden)
    embedding.load_state_dict({"weight": state["embedding.weight"]})
    cell.load_state_dict({k[4:]: v for k, v in state.items() if k.startswith("rnn.")})
    tokens = torch.randint(0, vocab, (args.batch, args.steps), generator=torch.Generator().manual_seed(0))

    times = []
    with torch.inference_mode():
        for _ in range(args.runs):
            start = time.perf_counter()
            x = embedding(tokens)
            h = torch.zeros(args.batch, hidden)
            states = torch.empty(args.batch, args.steps, hidden)
            for t in range(args.steps):
                h = cell(x[:, t], h)
                states[:, t] = h
            times.append((time.perf_counter() - start) * 1000)
    print(f"PyTorch {torch.__version__} unroll of GRUCell {emb} -> {hidden} over [{args.batch}, {args.steps}], "
          f"{torch.get_num_threads()} threads: median {statistics.median(times):.1f} ms over {args.runs} runs")


if __name__ == "__main__":
    main()
