"""Benchmark the chat model on a typical fazhi question: ~1,000 tokens of retrieved report text.

Prints prompt tokens/s, generation tokens/s and time to first token, twice: cold, and with a
second question sharing the same context prefix (llama-server's prompt cache reuses it).
Uses the configured endpoint, or starts the embedded local model like any other command.
"Tokens" are the served model's (via llama-server's /tokenize when it has one): cl100k counts
Chinese at roughly twice the Qwen tokenizer, so 1,000 cl100k tokens would be a much smaller prompt.

    .venv/bin/python bench/llm.py [--context-tokens 1000] [--max-tokens 128]
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import httpx

from agent.llm.client import open_endpoint, openai_client
from agent.settings import Settings
from store.tokens import count_tokens, truncate_to_tokens

SAMPLES = Path(__file__).resolve().parents[1] / "samples"
SYSTEM = "你是法治政府建设年度报告的问答助手。只根据给出的资料回答，引用原文，简洁作答。"
QUESTIONS = ("全年调处矛盾纠纷多少件？调处成功率是多少？", "全年街道、村居共审查重大事项多少件？")


def model_tokens(base_url: str, text: str) -> int | None:
    """Token count in the served model's tokenizer, if the endpoint is a llama-server."""
    try:
        r = httpx.post(base_url.removesuffix("/v1") + "/tokenize", json={"content": text}, timeout=30)
        return len(r.json()["tokens"]) if r.status_code == 200 else None
    except (httpx.HTTPError, ValueError, KeyError):
        return None


def retrieved_context(base_url: str, tokens: int) -> str:
    """Stand-in for retrieval: the first ~``tokens`` model tokens of the sample reports."""
    text = "\n\n".join(p.read_text(encoding="utf-8") for p in sorted(SAMPLES.glob("*.txt")))
    cl100k = tokens
    for _ in range(4):  # calibrate the cl100k cut to the served model's tokenizer
        context = truncate_to_tokens(text, cl100k)
        served = model_tokens(base_url, context)
        if served is None or abs(served - tokens) < tokens * 0.05:
            return context
        cl100k = int(cl100k * tokens / max(served, 1))
    return context


def run_once(client, model: str, context: str, question: str, max_tokens: int) -> dict[str, float]:
    """Stream one answer; TTFT is measured here, throughput comes from llama-server's ``timings``."""
    t0 = time.perf_counter()
    ttft = None
    pieces: list[str] = []
    timings: dict[str, float] = {}
    usage = None
    stream = client.chat.completions.create(
        model=model,
        messages=[
            {"role": "system", "content": SYSTEM},
            {"role": "user", "content": f"资料：\n{context}\n\n问题：{question}"},
        ],
        temperature=0,
        max_tokens=max_tokens,
        stream=True,
        stream_options={"include_usage": True},
    )
    for chunk in stream:
        if chunk.choices and chunk.choices[0].delta.content:
            if ttft is None:
                ttft = time.perf_counter() - t0
            pieces.append(chunk.choices[0].delta.content)
        timings = (chunk.model_extra or {}).get("timings") or timings
        usage = chunk.usage or usage
    total = time.perf_counter() - t0
    ttft = ttft if ttft is not None else total
    gen = usage.completion_tokens if usage else 0
    return {
        "prompt_tokens": usage.prompt_tokens if usage else 0,
        "prompt_evaluated": timings.get("prompt_n", 0),
        "prompt_tps": timings.get("prompt_per_second") or 0.0,
        "gen_tokens": gen,
        "gen_tps": timings.get("predicted_per_second") or (gen / max(total - ttft, 1e-9)),
        "ttft_s": ttft,
        "total_s": total,
        "answer": "".join(pieces).strip().replace("\n", " ")[:120],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--context-tokens", type=int, default=1000)
    parser.add_argument("--max-tokens", type=int, default=128)
    args = parser.parse_args()
    settings = Settings()
    t0 = time.perf_counter()
    with open_endpoint(settings) as endpoint:
        print(
            f"endpoint: {endpoint.base_url} model={endpoint.model} ready in {time.perf_counter() - t0:.1f}s"
        )
        context = retrieved_context(endpoint.base_url, args.context_tokens)
        served = model_tokens(endpoint.base_url, context)
        print(f"context: {served or '?'} model tokens, {count_tokens(context)} cl100k, {len(context)} chars")
        client = openai_client(settings, endpoint)
        for label, question in zip(("cold", "shared prefix"), QUESTIONS, strict=True):
            r = run_once(client, endpoint.model, context, question, args.max_tokens)
            print(
                f"{label:>13}: prompt {r['prompt_tokens']:.0f} tok ({r['prompt_evaluated']:.0f} evaluated) "
                f"at {r['prompt_tps']:.1f} tok/s | generation {r['gen_tokens']:.0f} tok at {r['gen_tps']:.1f} tok/s"
                f" | TTFT {r['ttft_s']:.1f}s | total {r['total_s']:.1f}s"
            )
            print(f"{'':>13}  answer: {r['answer']}")


if __name__ == "__main__":
    main()
