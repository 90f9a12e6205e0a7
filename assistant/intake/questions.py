"""The guided intake as data: one question per field, asked in order, some skipped.

The chat, the form and the terminal all walk this list with `next_question`, so the
wording and the skip logic live in one place. A field that is present in the answers
dict (even as None, "don't know") counts as asked.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from .schema import ENUM_VALUES

NARROW_TASKS = ("classification", "extraction", "document_parsing")


@dataclass(frozen=True)
class Choice:
    value: Any  # None means "don't know": the field stays unknown
    label: str


@dataclass(frozen=True)
class Question:
    field: str
    prompt: str
    choices: tuple[Choice, ...] = ()
    free_text: bool = True
    help: str = ""
    multi: bool = False  # several choices at once (motivations)
    skip_if: Callable[[Mapping[str, Any]], bool] = field(default=lambda answers: False, repr=False)
    implied: Any = None  # the value a skipped question stands for


DONT_KNOW = Choice(None, "Don't know yet")


def _choices(*pairs: tuple[Any, str], dont_know: bool = True) -> tuple[Choice, ...]:
    return tuple(Choice(v, label) for v, label in pairs) + ((DONT_KNOW,) if dont_know else ())


def _not_narrow(answers: Mapping[str, Any]) -> bool:
    task = answers.get("task_type")
    return task is not None and task not in NARROW_TASKS  # volume and latency only matter for narrow tasks


QUESTIONS: tuple[Question, ...] = (
    Question("use_case", "What should the model do? Describe the use case in a sentence or two.",
             help="For example: 'Answer HR policy questions for employees from our intranet pages.'"),
    Question("needs_document_facts", "Does the model need to answer from specific facts in your own documents?",
             _choices(("yes", "Yes"), ("no", "No"), ("unsure", "Not sure"), dont_know=False),
             help="Policies, product sheets, contracts, tickets: anything the model must quote or rely on."),
    Question("knowledge_change", "How often does that knowledge change?",
             _choices(("daily", "Daily or faster"), ("weekly", "Weekly"), ("monthly", "Monthly"),
                      ("quarterly", "Quarterly"), ("rarely", "Rarely"), ("not_applicable", "Not applicable")),
             help="Compare it with how often you could realistically retrain a model.",
             skip_if=lambda a: a.get("needs_document_facts") == "no", implied="not_applicable"),
    Question("output_requirement", "What must the output look like?",
             _choices(("free_text", "Free text"), ("structured", "Structured (e.g. JSON)"),
                      ("template", "A fixed template"), ("dialect_or_tone", "A specific dialect or tone")),
             help="A strict format is one of the three reasons to fine-tune, but usually solvable without it."),
    Question("format_status", "How well does prompting produce that format today?",
             _choices(("prompt_not_tried", "Not tried yet"), ("prompt_reliable", "A prompt does it reliably"),
                      ("prompt_unreliable", "Prompting is unreliable"),
                      ("structured_outputs_unreliable", "Even structured output APIs fail")),
             skip_if=lambda a: a.get("output_requirement") == "free_text", implied="not_applicable"),
    Question("task_type", "Which best describes the task?",
             _choices(("question_answering", "Answering questions"), ("conversation", "Conversation"),
                      ("classification", "Classification"), ("extraction", "Extraction"),
                      ("document_parsing", "Document parsing"), ("generation", "Writing / generation"))),
    Question("daily_volume", "Roughly how many requests a day?",
             _choices((100, "Up to a few hundred"), (10_000, "Thousands"), (100_000, "100,000 or more"),
                      (1_000_000, "Millions")),
             help="Type a number: '50k a day', '2 million', '10 per hour' all work."),
    Question("latency_budget_ms", "How fast must each response be?",
             _choices((200, "200 ms or less"), (1000, "About a second"), (5000, "A few seconds"),
                      (60_000, "Not time-critical")),
             help="Type e.g. '300ms' or 'under 2 seconds'.", skip_if=_not_narrow),
    Question("terminology", "Does your domain use specialised terminology?",
             _choices(("general", "No, general language"), ("specialised_untested", "Yes, not tested with a prompt"),
                      ("specialised_prompt_works", "Yes, and a prompt handles it"),
                      ("specialised_prompt_fails", "Yes, and prompting with examples fails"))),
    Question("labelled_examples", "How many labelled examples of correct output do you have?",
             _choices((0, "None"), (500, "Hundreds"), (5000, "Thousands"), (100_000, "100,000 or more")),
             help="Input/output pairs a reviewer has checked.", skip_if=_not_narrow),
    Question("mlops_capacity", "Who would run a trained model in production?",
             _choices(("none", "Nobody yet"), ("some", "Some capacity"), ("dedicated", "A dedicated MLOps team"))),
    Question("motivations", "Why is the team considering fine-tuning? Pick any that apply.",
             tuple(Choice(m, m.replace("_", " ").capitalize()) for m in ENUM_VALUES["motivations"]),
             multi=True, help="Leave empty if fine-tuning is not on the table."),
)


def next_question(answers: Mapping[str, Any]) -> Question | None:
    """The first question not yet asked and not skipped; None when the intake is complete."""
    for question in QUESTIONS:
        if question.field not in answers and not question.skip_if(answers):
            return question
    return None


def fill_skipped(answers: Mapping[str, Any]) -> dict[str, Any]:
    """The answers plus the implied values of skipped questions, ready for parse_answers."""
    out = dict(answers)
    for question in QUESTIONS:
        if question.field not in out and question.skip_if(out) and question.implied is not None:
            out[question.field] = question.implied
    return out


def question_for(field_name: str) -> Question:
    return next(q for q in QUESTIONS if q.field == field_name)
