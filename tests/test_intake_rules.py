"""The rules file is checked against the article: a drifting quote stops the load."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from assistant.errors import KnowledgeError
from assistant.intake.rules import EFFECT_KINDS, PATHS, RULES_PATH, load_rules
from assistant.knowledge import FRAMEWORK_IDS

ROOT = Path(__file__).resolve().parent.parent


def _raw() -> dict:
    return yaml.safe_load(RULES_PATH.read_text(encoding="utf-8"))


def test_every_rule_quote_is_verbatim_in_its_section(rules, kb):
    for rule in rules.rules:
        assert rule.section_id in FRAMEWORK_IDS, rule.id
        assert rule.quote in kb.sections[rule.section_id].text, rule.id


def test_every_rule_is_well_formed(rules):
    ids = [r.id for r in rules.rules]
    assert len(ids) == len(set(ids))
    for rule in rules.rules:
        assert EFFECT_KINDS[rule.effect] == rule.kind, rule.id
        assert rule.text and rule.text[0].isupper(), rule.id
        if rule.effect in ("fine_tuning", "try_first"):
            assert rule.path in PATHS, rule.id


def test_each_way_to_fine_tuning_has_a_cheaper_step(rules):
    ft_paths = {r.path for r in rules.rules if r.effect == "fine_tuning"}
    try_paths = {r.path for r in rules.rules if r.effect == "try_first"}
    assert ft_paths == try_paths == set(PATHS)


def _write(tmp_path: Path, data: dict) -> Path:
    path = tmp_path / "rules.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


def _with_rule_change(tmp_path: Path, rule_id: str, **changes) -> Path:
    data = _raw()
    rule = next(r for r in data["rules"] if r["id"] == rule_id)
    rule.update(changes)
    return _write(tmp_path, data)


def test_a_bad_quote_fails_loudly_naming_the_rule(tmp_path, kb):
    path = _with_rule_change(tmp_path, "rag-document-facts", quote="Use RAG whenever you feel like it")
    with pytest.raises(KnowledgeError) as err:
        load_rules(kb, path)
    message = str(err.value)
    assert "rag-document-facts" in message
    assert "not verbatim" in message and "decision-rules" in message


def test_a_paraphrased_quote_is_not_accepted(tmp_path, kb):
    path = _with_rule_change(tmp_path, "caution-ownership",
                             quote="a fine-tuned model you cannot efficiently update is not ownership — it's debt")
    with pytest.raises(KnowledgeError, match="caution-ownership"):
        load_rules(kb, path)


def test_an_unknown_section_fails_loudly(tmp_path, kb):
    path = _with_rule_change(tmp_path, "ft-terminology", section_id="glossary")
    with pytest.raises(KnowledgeError, match="ft-terminology.*'glossary' does not exist"):
        load_rules(kb, path)


@pytest.mark.parametrize("when,fragment", [
    ({"needs_document_facts": {"eq": True}}, "True is not an allowed value"),  # unquoted YAML yes
    ({"budget": {"eq": 1}}, "unknown condition key 'budget'"),
    ({"daily_volume": {"gte": "$huge"}}, "unknown threshold '$huge'"),
    ({"daily_volume": {"contains": 3}}, "not for numbers"),
    ({"task_type": {"in": "classification"}}, "needs a list"),
    ({"component": "retrieval"}, "only allowed in caution and callout rules"),
    ({"all": []}, "non-empty list"),
    ({"missing": "colour"}, "unknown field 'colour'"),
])
def test_a_bad_condition_fails_loudly_naming_the_rule(tmp_path, kb, when, fragment):
    path = _with_rule_change(tmp_path, "ft-terminology", when=when)
    with pytest.raises(KnowledgeError) as err:
        load_rules(kb, path)
    assert "ft-terminology" in str(err.value)
    assert fragment in str(err.value)


def test_unquoted_yes_in_yaml_is_caught(tmp_path, kb):
    text = RULES_PATH.read_text(encoding="utf-8").replace('{needs_document_facts: {eq: "yes"}}',
                                                           "{needs_document_facts: {eq: yes}}", 1)
    path = tmp_path / "rules.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(KnowledgeError, match="rag-document-facts"):
        load_rules(kb, path)


@pytest.mark.parametrize("changes,fragment", [
    ({"effect": "magic"}, "unknown effect 'magic'"),
    ({"kind": "caution"}, "needs kind 'reason'"),
    ({"path": None}, "needs a path"),
    ({"confidence": "tiny"}, "confidence must be one of"),
    ({"quote": ""}, "'quote' is required"),
    ({"colour": "blue"}, "unknown key(s) ['colour']"),
])
def test_a_malformed_rule_fails_loudly(tmp_path, kb, changes, fragment):
    path = _with_rule_change(tmp_path, "ft-terminology", **changes)
    with pytest.raises(KnowledgeError) as err:
        load_rules(kb, path)
    assert "ft-terminology" in str(err.value) and fragment in str(err.value)


def test_duplicate_rule_ids_are_rejected(tmp_path, kb):
    data = _raw()
    data["rules"].append(dict(data["rules"][0]))
    with pytest.raises(KnowledgeError, match="duplicate rule id"):
        load_rules(kb, _write(tmp_path, data))


def test_thresholds_must_be_present_and_whole_numbers(tmp_path, kb):
    data = _raw()
    data["thresholds"]["high_volume"] = "lots"
    with pytest.raises(KnowledgeError, match="thresholds.high_volume"):
        load_rules(kb, _write(tmp_path, data))


def test_changing_a_threshold_in_yaml_changes_the_decision(tmp_path, kb):
    from assistant.intake import parse_answers, recommend

    data = _raw()
    data["thresholds"]["high_volume"] = 1000
    custom = load_rules(kb, _write(tmp_path, data))
    answers = parse_answers({"use_case": "Tag tickets.", "task_type": "classification", "daily_volume": 5000,
                             "labelled_examples": 2000})
    assert recommend(answers, custom).recommendation == "fine_tuning"
    assert recommend(answers, load_rules(kb)).recommendation == "prompt_engineering"


def test_a_missing_or_broken_file_is_a_knowledge_error(tmp_path, kb):
    with pytest.raises(KnowledgeError):
        load_rules(kb, tmp_path / "nope.yaml")
    broken = tmp_path / "broken.yaml"
    broken.write_text("rules: [unclosed", encoding="utf-8")
    with pytest.raises(KnowledgeError):
        load_rules(kb, broken)


@pytest.mark.parametrize("block,fragment", [
    ({"medium_from_missing": 0}, "confidence.medium_from_missing"),
    ({"low_from_missing": "three"}, "confidence.low_from_missing"),
    ({"medium_from_missing": 4, "low_from_missing": 2}, "must not be below"),
    ({"sometimes": 1}, "confidence"),
])
def test_a_bad_confidence_block_fails_loudly(tmp_path, kb, block, fragment):
    data = _raw()
    data["confidence"] = block
    with pytest.raises(KnowledgeError) as err:
        load_rules(kb, _write(tmp_path, data))
    assert fragment in str(err.value)
