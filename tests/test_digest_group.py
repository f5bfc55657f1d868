"""Grouping of shared problems with a pair judge (``agent.digest.group.judged_groups``): a group is a
clique of confirmed pairs, never a chain; pairs grow linearly with items; verdicts are cached.

The judges here are scripted fakes (``ScriptedJudge``, ``ScriptedChatModel``), not recordings: they
answer from a table written in the test. A recorded judge (the embedded model's real verdicts on a
county) is replayed by a ``@pytest.mark.vcr`` test; see docs/digest.md."""

from __future__ import annotations

import math
from itertools import combinations

from langchain_core.language_models.fake_chat_models import GenericFakeChatModel
from langchain_core.messages import AIMessage

import agent.digest.group as group
from agent.answer.types import Citation, ReportRef
from agent.digest.group import group_items, judged_groups, statement
from agent.digest.items import Item
from agent.digest.judge import ModelJudge, verdict
from agent.tables.cache import PickCache


def _item(town: str, text: str, start: int = 0) -> Item:
    ref = ReportRef(f"id-{town}", f"{town}.txt", town, 2024)
    quote = f"一是{text}。"
    return Item(ref, text, Citation.at(ref, quote, start, start + len(quote), 1))


def _embed(texts: list[str]) -> list[list[float]]:
    """A stand-in encoder: counts of each character (deterministic, no model)."""
    alphabet = sorted({c for t in texts for c in t})
    return [[float(t.count(c)) for c in alphabet] for t in texts]


class ScriptedJudge:
    """A scripted fake judge (not the model): P(是) 0.99 for the pairs listed as the same problem,
    0.01 for every other; it records every pair it is asked."""

    def __init__(self, same: set[frozenset[str]]) -> None:
        self.same = same
        self.asked: list[tuple[str, str]] = []

    def __call__(self, a: str, b: str) -> float:
        self.asked.append((a, b))
        return 0.99 if frozenset((a.rstrip("。"), b.rstrip("。"))) in self.same else 0.01


def _pairs(*groups: tuple[str, ...]) -> set[frozenset[str]]:
    return {frozenset(p) for g in groups for p in combinations(g, 2)}


def _towns(groups: list[list[Item]]) -> list[set[str]]:
    return [{i.report.town for i in g} for g in groups if len(g) >= 2]


def test_a_chain_of_confirmed_pairs_is_not_one_group(monkeypatch) -> None:  # noqa: ANN001
    """A~B and B~C confirmed, A~C refused: at most a pair is grouped, never all three."""
    monkeypatch.setattr(group, "CONFIRM_PAIR", group.CONFIRM)
    items = [_item("甲镇", "执法人员不足"), _item("乙镇", "执法人员不足且经费紧张"), _item("丙镇", "经费紧张")]
    judge = ScriptedJudge(_pairs(("执法人员不足", "执法人员不足且经费紧张"), ("执法人员不足且经费紧张", "经费紧张")))
    groups = judged_groups(items, _embed, judge)
    assert all(len(g) <= 2 for g in groups)
    assert sorted(len(g) for g in groups) == [1, 2]


def test_a_clique_is_one_group_with_each_report_once() -> None:
    texts = {"甲镇": "执法文书不规范", "乙镇": "案卷制作不严谨", "丙镇": "执法文书质量不高", "丁镇": "调解员年龄偏大"}
    items = [_item(t, x) for t, x in texts.items()] + [_item("甲镇", "案卷制作不严谨", 50)]
    judge = ScriptedJudge(_pairs(("执法文书不规范", "案卷制作不严谨", "执法文书质量不高")))
    groups = judged_groups(items, _embed, judge)
    assert _towns(groups) == [{"甲镇", "乙镇", "丙镇"}]
    assert all(len({i.report for i in g}) == len(g) for g in groups)
    assert sorted(i.text for g in groups for i in g) == sorted(i.text for i in items)  # every item once


def test_a_member_short_of_one_confirmation_stays_out() -> None:
    """Four statements, five of their six pairs confirmed: the largest clique (three) is the group."""
    items = [_item(t, x) for t, x in (("甲镇", "甲"), ("乙镇", "乙"), ("丙镇", "丙"), ("丁镇", "丁"))]
    same = _pairs(("甲", "乙", "丙")) | {frozenset(("丁", "甲")), frozenset(("丁", "乙"))}
    groups = judged_groups(items, _embed, ScriptedJudge(same))
    assert _towns(groups) == [{"甲镇", "乙镇", "丙镇"}]


def test_a_group_of_two_needs_a_surer_verdict_than_a_member_of_a_larger_group(monkeypatch) -> None:  # noqa: ANN001
    monkeypatch.setattr(group, "DENSE_WEIGHT", 0.0)  # the judge's word alone: logit P(是)
    monkeypatch.setattr(group, "CONFIRM_PAIR", 3.0)  # (the default asks the encoder to agree too)
    items = [_item("甲镇", "执法人员不足"), _item("乙镇", "执法力量薄弱")]

    def judge(p: float):  # noqa: ANN202
        return lambda a, b: p

    assert _towns(judged_groups(items, _embed, judge(0.9))) == []  # logit 2.2: confirmed, not enough alone
    assert _towns(judged_groups(items, _embed, judge(0.99))) == [{"甲镇", "乙镇"}]
    three = [*items, _item("丙镇", "执法人员少")]
    assert _towns(judged_groups(three, _embed, judge(0.9))) == [{"甲镇", "乙镇", "丙镇"}]


def test_a_pair_no_neighbour_list_holds_is_judged_to_close_a_triangle(monkeypatch) -> None:  # noqa: ANN001
    """With one neighbour per item, A-C may be no candidate; confirmed A~B and B~C make it one."""
    monkeypatch.setattr(group, "K_DENSE", 1)
    monkeypatch.setattr(group, "K_LEXICAL", 1)
    texts = ("执法力量薄弱", "执法力量薄弱人员少", "执法人员少")
    items = [_item(t, x) for t, x in zip(("甲镇", "乙镇", "丙镇"), texts, strict=True)]
    judge = ScriptedJudge(_pairs(texts))
    assert _towns(judged_groups(items, _embed, judge)) == [{"甲镇", "乙镇", "丙镇"}]
    assert len(judge.asked) == 3


def test_pairs_judged_grow_linearly_with_items() -> None:
    """120 statements of 40 towns: each is judged against a few neighbours, not all 7,000 pairs."""
    topics = [f"第{k}类问题" + "不足缺乏滞后薄弱"[k % 8] * (k % 5 + 1) for k in range(30)]
    items = [_item(f"镇{t}", f"{topics[(3 * t + k) % 30]}{t}", k) for t in range(40) for k in range(3)]
    judge = ScriptedJudge(set())
    judged_groups(items, _embed, judge)
    bound = (group.K_DENSE + group.K_LEXICAL + group.CLOSE_PER_ITEM) * len(items)
    assert 0 < len(judge.asked) <= bound < len(items) * (len(items) - 1) // 2


def test_each_pair_is_asked_once_in_a_stable_order() -> None:
    """The earlier statement (by report, then position) comes first, whatever the items' order, so
    a re-run asks the same prompts and finds them cached."""
    items = [_item("甲镇", "执法文书不规范"), _item("乙镇", "执法文书不统一"), _item("丙镇", "执法文书质量差")]
    first, second = ScriptedJudge(set()), ScriptedJudge(set())
    judged_groups(items, _embed, first)
    judged_groups(list(reversed(items)), _embed, second)
    assert first.asked == second.asked and len(set(first.asked)) == len(first.asked) == 3
    assert first.asked[0][0] == statement(min(items, key=lambda i: i.report.report_id))


def test_without_a_judge_the_encoder_groups_as_before() -> None:
    items = [_item("甲镇", "执法文书不规范"), _item("乙镇", "执法文书不规范"), _item("丙镇", "调解员年龄偏大")]
    assert group_items(items, _embed) == group.encoder_groups(items, _embed)
    assert _towns(group_items(items, _embed)) == [{"甲镇", "乙镇"}]


class ScriptedChatModel(GenericFakeChatModel):
    """A scripted fake chat model (not a recording): answers 是 with P(是) 0.7 and P(否) 0.2 in the
    first token's log-probabilities, counting its calls and keeping what it was bound with."""

    calls: int = 0
    bound: dict = {}

    def bind(self, **kwargs):  # noqa: ANN003, ANN201
        self.bound = kwargs
        return self

    def invoke(self, messages, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003, ANN201
        self.calls += 1
        top = [{"token": "是", "logprob": math.log(0.7)}, {"token": "否", "logprob": math.log(0.2)},
               {"token": "Yes", "logprob": math.log(0.01)}]
        return AIMessage(content="是", response_metadata={"logprobs": {"content": [{**top[0], "top_logprobs": top}]}})


def test_the_model_judge_reads_p_yes_from_logprobs_and_caches_it(tmp_path) -> None:  # noqa: ANN001
    model = ScriptedChatModel(messages=iter([]))
    cache = PickCache(tmp_path / "picks.json")
    judge = ModelJudge(model, cache)
    assert model.bound == {"logprobs": True, "top_logprobs": 10, "max_tokens": 1}
    p = judge("执法文书不规范。", "案卷制作不严谨。")
    assert abs(p - 0.71 / 0.91) < 1e-9 and model.calls == 1
    cache.save()
    again = ModelJudge(ScriptedChatModel(messages=iter([])), PickCache(tmp_path / "picks.json"))
    assert again("执法文书不规范。", "案卷制作不严谨。") == p and again.calls == 0 and again.pairs == 1
    assert again("案卷制作不严谨。", "执法文书不规范。") == p and again.calls == 1  # another prompt


def test_an_answer_without_logprobs_is_read_from_its_text() -> None:
    assert verdict(AIMessage(content="是")) == 1.0
    assert verdict(AIMessage(content="否")) == 0.0
    assert verdict(AIMessage(content='{"choice": 1}')) == 0.0
