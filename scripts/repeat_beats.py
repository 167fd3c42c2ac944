#!/usr/bin/env python3
"""Makes a large beat set for benchmarks from the ECG demo's beats (kann ecg-beats): the real beats
repeated in turn until COUNT rows, each copy after the first with Gaussian noise of NOISE (the beats
are z-normalised, so 0.05 is 5% of a beat's spread), so no two rows are equal. Labels are kept.

    scripts/repeat_beats.py resources/demos/ecg/beats.csv /tmp/beats5000.csv --count 5000
"""
import argparse
import csv
import random


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("beats", help="CSV of label then values, one beat per row (kann ecg-beats)")
    parser.add_argument("out")
    parser.add_argument("--count", type=int, default=5000)
    parser.add_argument("--noise", type=float, default=0.05)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    with open(args.beats, newline="") as f:
        beats = [row for row in csv.reader(f) if row]
    rng = random.Random(args.seed)
    with open(args.out, "w", newline="") as f:
        out = csv.writer(f)
        for i in range(args.count):
            label, *values = beats[i % len(beats)]
            noise = args.noise if i >= len(beats) else 0.0
            out.writerow([label] + ["%.6f" % (float(v) + rng.gauss(0.0, noise)) for v in values])


if __name__ == "__main__":
    main()
