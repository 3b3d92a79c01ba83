"""Where the analysis CPU time goes, from a py-spy profile, in a dozen lines.

A flame graph of `shotkind analyze` is wide and deep (spawn machinery, the pool, MTCNN's
three stages); what an optimiser needs first is the share of each step of the pipeline.
This reads py-spy's collapsed stacks (`--format raw`: "frame;frame;... count", one line
per distinct stack, frames as "function (file:line)", every process's stack below the
process that started it) and puts each sample in the innermost pipeline step it belongs
to. Native code (libjpeg, OpenCV's DNN) counts towards the Python function calling it.
"""

from __future__ import annotations

from collections import Counter

# (function name in the stack, step), innermost steps first: the first match wins.
STEPS = (
    ("has_end_of_image", "decode: end-of-image check"),
    ("imdecode_bytes", "decode: libjpeg (imdecode)"),
    ("read_capture_info", "decode: EXIF"),
    ("_header_size", "decode: header"),
    ("_read_bytes", "decode: file read"),
    ("_finish", "decode: upright + resize"),
    ("decode_for_analysis", "decode: other"),
    ("_detector_input", "faces: detector input resize"),
    ("_propose", "faces: MTCNN P-Net (pyramid)"),
    ("_refine", "faces: MTCNN R-Net"),
    ("_output", "faces: MTCNN O-Net"),
    ("detect", "faces: detector other"),
    ("find_faces", "faces: tone check + retry"),
    ("measure_frame", "measures"),
    ("judge_frame", "judgement (no person, scoring)"),
    ("analyze_frame", "analysis: other"),
    ("start_worker", "worker start-up: detector"),
    ("_process_worker", "worker: pool plumbing"),
)


def _function(frame: str) -> str:
    """"Cascade._propose (core/judgement/mtcnn.py:80)" -> "_propose"."""
    return frame.split(" (", 1)[0].rsplit(".", 1)[-1]


def classify(frames: list[str]) -> str:
    """The pipeline step one stack belongs to."""
    names = [_function(f) for f in frames]
    worker = any(f.startswith("process ") for f in frames[1:])
    measured = [n for n in names if n == "measure_frame"]
    for function, step in STEPS:
        if function in names:
            if step == "measures" and measured:
                below = names[names.index("measure_frame") + 1:]
                return f"measures: {below[0]}" if below else step
            return step
    if worker:
        return "worker start-up: imports" if "<module>" in names else "worker: other"
    return "main process (imports, detector check, scan, report, waiting for results)"


def shares(text: str) -> Counter:
    """Samples per pipeline step."""
    counts: Counter = Counter()
    for line in text.splitlines():
        stack, _, number = line.rpartition(" ")
        if stack and number.isdigit():
            counts[classify(stack.split(";"))] += int(number)
    return counts


def summarise(text: str, top: int = 16) -> str:
    """The steps by share of samples, biggest first, one per line."""
    counts = shares(text)
    total = sum(counts.values()) or 1
    lines = [f"  {100 * n / total:5.1f}%  {step}" for step, n in counts.most_common(top)]
    rest = sum(n for _, n in counts.most_common()[top:])
    if rest:
        lines.append(f"  {100 * rest / total:5.1f}%  (other steps)")
    return "\n".join(lines + [f"  {total} samples"])
