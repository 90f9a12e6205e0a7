"""Which client a question names (pure functions over the knowledge's own text).

"Why did the freight forwarder not get a trained classifier?" is about one engagement,
though its words are those of the narrow-task reason. A case note names its client in
its title, its industry and the opening words of its situation ("A freight forwarder's
operations desk…"); a word found there in exactly one note, and nowhere in the
framework, names that note. It counts only where the question points at a definite
client ("the freight forwarder", "the telecom's", "in the rebooking case"), so a
general question that happens to share a word with one note stays general. The names
come from the notes, so a new note is recognised without any change here.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from .question import LEADING_LABEL, content_words

SUBJECT_WORDS = 4  # the client is the situation's subject: "A freight forwarder's operations desk…"

# words that name a kind of organisation or role, not one client
_NOT_A_NAME = frozenset("company group firm business organisation organization department desk unit team staff client "
                        "vendor provider supplier maker operator agency owner user developer "  # "the vendor" may be the model's
                        "regional national global large small sector industry".split())  # "public sector": "public" names it
# a definite pointer just before the name ("the", "that", "this"), or a noun that makes it
# a client right after it ("rebooking case", "telecom client")
_BEFORE = re.compile(r"\b(the|that|this|those|these)\s+$", re.IGNORECASE)
_POINTED_BEFORE = re.compile(r"\b(the|that|this|those|these)\s+([\w]+[\s-]+){0,2}$", re.IGNORECASE)  # "the procedure-coding…"
_AFTER = re.compile(r"^\s+(case|client|engagement|project|story|example|one)\b", re.IGNORECASE)
# "the travel one" typed without its article: "what was result in travel one?", "and travel one?"
_ARTICLE_DROPPED_BEFORE = re.compile(r"(^|\b(in|for|of|about|on|with|from|and|to|at|what about|how about))\s+$", re.IGNORECASE)
_ONE_AFTER = re.compile(r"^\s+one\b(?!\s+(day|time|of|more|thing|way|another|million|hundred|thousand|year|month|week)\b)", re.IGNORECASE)
# a note's number: "case-013", "case #7", "case no. 3", "case 13" (not "a case 2 years old": a count follows)
_CASE_NUMBER = re.compile(r"\bcase(?P<sep>\s*-\s*|\s*#\s*|\s+(?:no\.?|number)\s*|\s+)(\d{1,3})\b(?!\s*%|\s+[a-z]+s\b)", re.IGNORECASE)
_CASE_IDIOM = re.compile(r"\b(in|that|this|any|which|each|such|either)\s+$", re.IGNORECASE)  # "in that case 5 labels…"


def _names_in(text: str, names: dict[str, str]) -> list[str]:
    """The case each word of `text` names, one entry per naming word."""
    return [case_id for w in re.findall(r"[A-Za-z]+", text) if (case_id := names.get(_stem(w)))]


def numbered_cases(question: str) -> set[str]:
    """The case ids a question names by number ("retrain cadence case 013")."""
    return {f"case-{int(m.group(2)):03d}" for m in _CASE_NUMBER.finditer(question) if _names_a_note(m, question)}


def without_case_numbers(text: str) -> str:
    """The text with its case numbers left out: "what did case-003 cost per month?" asks what it cost a month."""
    return _CASE_NUMBER.sub(lambda m: " " if _names_a_note(m, text) else m.group(0), text)


def _names_a_note(match: re.Match, text: str) -> bool:
    # "in case 003", "in case 4, why both?" name it; "in case 5 fails" is the idiom
    return bool(match.group("sep").strip() or match.group(2).startswith("0") or re.match(r"\s*[,:;?)]|\s*$", text[match.end():])
                or not _CASE_IDIOM.search(text[:match.start()]))


_FIRST_CLAUSE = re.compile(r"[^,:;?!–—]*?(?=\s+-\s|[,:;?!–—]|$)")
_STORY_VERB = re.compile(r"\b(ended|wanted|asked|needed|tried|switched|chose|used|paid|spent|got|went|did|had|was|were|ran|took|built|made|"
                         r"came|kept|moved|saw|cut|hit|reached)\b", re.IGNORECASE)
_WE_OPEN = re.compile(r"\b(we|we['’](re|ve|d)|our|ours|us|i|i['’]m|my)\b", re.IGNORECASE)
_INDUSTRY_AFTER = re.compile(r"^\s+(sector|industry)\b", re.IGNORECASE)
_INDUSTRY_THEN_CASE = re.compile(r"^\s+(sector|industry)\s+(case|client|engagement|project|example|one|story)s?\b", re.IGNORECASE)
# "grid operator switching instructions case": a case noun a few words on names it too
_CASE_NOUN_SOON = re.compile(r"^(\s+[\w-]+){0,3}\s+(case|client|engagement|project)\b", re.IGNORECASE)
# "the gov benefits agency": a kind of organisation after an everyday name, pointed at, names it too
_ORGANISATION_SOON = re.compile(r"^(\s+[\w-]+){0,2}?\s+(agency|company|firm|bank|insurer|operator|retailer|publisher|group|"
                                r"vendor|supplier|manufacturer|maker|carrier|forwarder|provider|chain|department|ministry|authority)\b",
                                re.IGNORECASE)
_CASE_ABOUT_BEFORE = re.compile(r"\b(cases?|clients?|engagements?|projects?|stor(y|ies)|case notes?)\s+((was|were|is|are)\s+)?"
                                r"(about|in|from)\s+((the|an?)\s+)?$", re.IGNORECASE)
_INDEFINITE_BEFORE = re.compile(r"\b(a|an)\s+([\w-]+\s+)?$", re.IGNORECASE)
_RELATIVE_AFTER = re.compile(r"^\s+(that|which|who|whose)\b", re.IGNORECASE)
_OWN_BEFORE = re.compile(r"\b(we|we['’]re|i|i['’]m|am|are|as|our|us|my)\b[^.?!]{0,25}$", re.IGNORECASE)
# a writer who drops articles points with a preposition and the thing built: "cost of travel
# rebooking assistant", "improvement in field technician pilot"
_PREPOSITION_BEFORE = re.compile(r"\b(of|in|at|for|from|by|with|about)\s+$", re.IGNORECASE)
_THING_BUILT_SOON = re.compile(r"^(\s+[\w-]+){0,2}\s+(assistant|pilot|project|system|bot|classifier|extractor|router|"
                               r"case|client|engagement)\b", re.IGNORECASE)
# a verb ends the subject ("A retail bank sorts…"); nouns that only look like one stay in it ("A regional news publisher…")
_SUBJECT_ENDS = re.compile(r"^(with|who|that|which|wanted|in|of|for|at|on|to|and|has|had|is|was)$|"
                           r"^(?!(news|goods|sales|logistics|analytics|claims|operations|services|utilities|series|works|systems)$)[a-z]+(s|ed)$",
                           re.IGNORECASE)


def _stem(word: str) -> str:
    """"telecoms" and "telecom", "forwarders" and "forwarder" are one name."""
    word = word.lower()
    return word[:-1] if word.endswith("s") and not word.endswith("ss") and len(word) > 4 else word


def situation_subject(text: str) -> list[str]:
    """The words before the first verb of the situation's first sentence: the client."""
    body = re.sub(r"\*[^*\n]+\*", " ", text)  # the italic sample disclaimer every note shares
    paragraph = next((p.strip() for p in re.split(r"\n\s*\n", body) if len(p.split()) >= 5), "")  # past the headings
    words = re.findall(r"[A-Za-z][A-Za-z'’-]*", paragraph)
    if words and words[0].lower() in ("a", "an", "the"):
        words = words[1:]
    subject = []
    for word in words[:SUBJECT_WORDS]:
        possessive = re.search(r"['’]s$", word)
        if subject and not possessive and _SUBJECT_ENDS.search(word):
            break
        subject.append(re.sub(r"['’]s$", "", word))
        if possessive:
            break
    return subject


def naming_words(case, common_words: frozenset[str] | set[str] = frozenset()) -> set[str]:
    """The words a note names its client with: the situation's subject, its industry, and
    the uncommon words of its title ("rebooking", not "live" or "support")."""
    title = [w for w in content_words(case.title) if w not in common_words]
    words = [w.lower() for w in situation_subject(case.text)] + content_words(case.industry) + title
    return _name_stems(words)


def common_title_words(case, common_words: frozenset[str] | set[str] = frozenset()) -> set[str]:
    """The everyday words of a note's title ("coding" in "Procedure coding support…"):
    they name the client only as a weak name, beside another name or a case noun."""
    return _name_stems(w for w in content_words(case.title) if w in common_words)


def _name_stems(words: Iterable[str]) -> set[str]:
    parts = [part for w in words for part in w.split("-")]  # "packaging-machinery", "home-goods"
    return {_stem(w) for w in parts if len(w) > 3 and w not in _NOT_A_NAME and w.isalpha()}


def client_names(documents: Iterable, common_words: frozenset[str] | set[str] = frozenset()) -> dict[str, str]:
    """Word → case id, for the words exactly one note names its client with and the
    framework never uses (a framework word such as "legal" names no one client). The
    title's everyday words are included; `weak_client_names` says which they are."""
    return _unique_owners(documents, lambda case: naming_words(case, common_words) | common_title_words(case, common_words))


def weak_client_names(documents: Iterable, common_words: frozenset[str] | set[str] = frozenset()) -> set[str]:
    """The names that come only from a title's everyday words: like "travel", they need
    another name or a case noun beside them ("the procedure-coding engagement")."""
    documents = list(documents)
    strong = _unique_owners(documents, lambda case: naming_words(case, common_words))
    return set(client_names(documents, common_words)) - set(strong)


def _unique_owners(documents: Iterable, words_of) -> dict[str, str]:
    documents = list(documents)
    framework = {_stem(w) for d in documents if d.source == "framework" for w in content_words(d.text)}
    owners: dict[str, set[str]] = {}
    for case in (d for d in documents if d.source == "case"):
        for stem in words_of(case):
            owners.setdefault(stem, set()).add(case.id)
    return {stem: next(iter(ids)) for stem, ids in owners.items() if len(ids) == 1 and stem not in framework}


def case_named(question: str, names: dict[str, str], everyday: frozenset[str] | set[str] = frozenset()) -> str:
    """The case a question points at by its client's name, or "" (none, or more than one).
    An everyday word ("travel", "public") names a client only beside another of its
    names ("the travel management company", "the public sector agency")."""
    by_number = numbered_cases(question) & set(names.values())
    if by_number:  # "retrain cadence case 013", "in case-3, why fine-tune?": the note's own number names it
        return next(iter(by_number)) if len(by_number) == 1 else ""
    # hyphenated words are read in parts, as the notes' names are: "the procedure-coding engagement"
    words = [(m.group(0), m.start(), m.end()) for m in re.finditer(r"[A-Za-z]+(?:['’]s)?", question)]
    owner = [names.get(_stem(re.sub(r"['’]s$", "", w))) for w, _, _ in words]
    found = []
    opening = _FIRST_CLAUSE.match(question).group(0)
    for i, (word, _, end) in enumerate(words):
        case_id = owner[i]
        if case_id is None:
            continue
        paired = (i > 0 and owner[i - 1] == case_id) or (i + 1 < len(words) and owner[i + 1] == case_id)
        pointed = (_POINTED_BEFORE.search(question[:words[i][1]]) and (_AFTER.match(question[end:]) or _CASE_NOUN_SOON.match(question[end:])
                                                                         or _ORGANISATION_SOON.match(question[end:]))
                   or _ARTICLE_DROPPED_BEFORE.search(question[:words[i][1]]) and _ONE_AFTER.match(question[end:]))
        # "any public sector client?", "is there a case from the public sector?": the client asked for by
        # its note's industry ("we're in the travel industry" asks for no client)
        by_industry = _INDUSTRY_THEN_CASE.match(question[end:]) or (
            _INDUSTRY_AFTER.match(question[end:]) and _CASE_ABOUT_BEFORE.search(question[:words[i][1]]))
        if _stem(re.sub(r"['’]s$", "", word)) in everyday and not paired and not pointed and not by_industry:
            # "the travel one", "the adverse event extraction case" and "the travel management company"
            # name it; "travel" alone does not, nor "a good example"
            continue
        first = i - 1 if i > 0 and owner[i - 1] == case_id else i  # "the [retail] bank"
        before = re.sub(r"[A-Za-z]+-$", "", question[:words[first][1]])  # "the e-commerce…": the pointer is before "e-"
        after = question[end:]
        if (_BEFORE.search(before) or _AFTER.search(after) or _CASE_NOUN_SOON.search(after) or re.search(r"['’]s$", word)
                # a story recalled: "there was a bank which sorted card payments…" (not "we're a bank that…")
                or (_INDEFINITE_BEFORE.search(before) and _RELATIVE_AFTER.match(after) and not _OWN_BEFORE.search(before))
                # "of travel rebooking assistant", "the HR helpdesk assistant": the thing built, pointed at
                or ((_PREPOSITION_BEFORE.search(before) or _POINTED_BEFORE.search(before)) and _THING_BUILT_SOON.search(after))
                # "the gov benefits agency": the organisation itself, pointed at
                or (_POINTED_BEFORE.search(before) and _ORGANISATION_SOON.match(after))
                # "which case was about e-commerce?": the case asked for by its industry or subject
                or _CASE_ABOUT_BEFORE.search(before) or by_industry
                # "freight email routing ended up costing how much?": the client's name opens the question
                # as the subject of its past, or a label of two of its names ("freight desk triage - …");
                # "hospital policies, which approach?" may be our own label, "grid operators like us need…" is our story
                or (not before.strip() and not _WE_OPEN.search(question)
                    and (_STORY_VERB.search(opening) or _names_in(opening, names).count(case_id) >= 2))):
            found.append(case_id)
    found = list(dict.fromkeys(found))
    return found[0] if len(found) == 1 else ""


# a client pointed at in the asker's own words: "the phone company", "a telco that asked…",
# "that drug company one", "the newsroom client"
_ORG_NOUN = (r"company|companies|firm|business|group|operator|network|provider|outfit|organi[sz]ation|org|"
             r"maker|publisher|agency|department|carrier|chain|lender|brand|retailer|shop|store|bank|insurer|"
             r"vendor|supplier|manufacturer")
# "a logistics firm" may be the asker's own; "a telco that asked…" is one of the clients
_POINTED_CLIENT = re.compile(
    rf"\b(the|that|this|your)\s+(?P<org>([a-z][\w-]*\s+){{0,2}}?(?:{_ORG_NOUN}))\b|"
    rf"\b(a|an|one)\s+(?P<some>([a-z][\w-]*\s+){{0,2}}?(?:{_ORG_NOUN}))\s+(?=(that|which|who|where|one)\b)|"
    # a terse label first: "home goods retailer: 12% lift from what base rate?"
    rf"^\s*(?!(?:our|my|we|us)\b)(?P<label>([a-z][\w-]*\s+){{1,2}}(?:{_ORG_NOUN}))\s*[:–—-]|"
    r"\b(the|that|a|an)\s+(?P<bare>[a-z][\w-]*)\s+(?=(that|which|who|where|case|client|story|one|engagement|project)\b)|"
    # a label of several words before the word for a case: "the newsroom house style case"
    r"\b(the|that)\s+(?P<label_words>([a-z][\w-]*\s+){2,4})(?=(case|client|story|engagement)\b)|"
    # the one who acted: "what did the newsroom want?", "how did the lawyers cope?"
    r"\b(?:did|does|do|was|were|has|had)\s+the\s+(?P<agent>[a-z][\w-]*(?:\s+[a-z][\w-]*)?)\s+"
    r"(?=(want|wanted|ask|asked|get|got|need|needed|try|tried|use|used|choose|chose|pick|picked|end|ended|go|went|decide|decided|"
    r"build|built|deploy|deployed|train|trained|pay|paid|keep|kept|hit|reach|reached|cope|manage|managed|handle|handled|measure|measured)\b)",
    re.IGNORECASE)


def client_phrases(question: str, framework_words) -> list[str]:
    """Phrases that point at a client ("the phone company", "a telco that…"): at least one
    word of each says which, and is no word of the framework's (`framework_words`), so "a
    live knowledge store" points at no one."""
    phrases = []
    for match in _POINTED_CLIENT.finditer(question):
        phrase = (match.group("org") or match.group("some") or match.group("label") or match.group("bare")
                  or match.group("label_words") or match.group("agent") or "").strip()
        words = [w.lower() for w in re.findall(r"[A-Za-z][\w-]*", phrase)]
        # "the phone network", not "the network": a word beside the kind of organisation says which
        naming = words if match.group("bare") or match.group("label_words") or match.group("agent") else words[:-1]
        if naming and any(w not in framework_words and w not in _NOT_A_NAME for w in naming):
            phrases.append(phrase)
    return phrases


# a question that is only a label, with no question word, verb of asking or approach:
# "grid control switching instructions", "insurer with the claims mails", "hospital coders"
_ONLY_A_LABEL = re.compile(
    r"^\s*(?!(?:our|my|we|us|i|you|what|whats|how|why|when|which|who|whose|where|is|are|was|were|do|does|did|"
    r"should|shall|can|could|would|will|may|might|must|please|kindly|explain|tell|give|show|describe|compare|list|"
    r"summari[sz]e|define|any|so|and|but|or|ok|okay|then|also|yes|no|hi|hello|thanks)\b)"
    r"(?P<label>[a-z][\w-]*(?:\s+[a-z][\w-]*){1,5})\s*[.?!]?\s*$", re.IGNORECASE)
_AN_APPROACH = re.compile(r"\b(rag|retrieval|fine[\s-]*tun\w*|finetun\w*|train\w*|prompt\w*)\b", re.IGNORECASE)
_NOT_IN_A_LABEL = re.compile(r"\b(our|my|we|us|vs|versus|or|than|not|is|are|should|can|do|does)\b", re.IGNORECASE)


def bare_label(question: str, framework_words) -> str:
    """The whole question, when it is only a label for something ("grid control switching
    instructions"): a few words, no question word or approach, one of them not the
    framework's. Whether it labels a client is for its meaning to say (`case_meant`)."""
    match = _ONLY_A_LABEL.match(question)
    if not match or _NOT_IN_A_LABEL.search(question) or _AN_APPROACH.search(question):
        return ""
    words = [w.lower() for w in re.findall(r"[A-Za-z][\w-]*", match.group("label"))]
    return match.group("label") if any(w not in framework_words and w not in _NOT_A_NAME for w in words) else ""


def leading_label(question: str, framework_words) -> str:
    """The label a question opens with before asking about it ("card transaction
    categorisation - what did it cost?"), when one of its words is not the framework's and
    it names no approach; whether it labels a client is for its meaning to say."""
    match = LEADING_LABEL.match(question)
    if not match or _NOT_IN_A_LABEL.search(match.group("label")) or _AN_APPROACH.search(match.group("label")):
        return ""
    words = [w.lower() for w in re.findall(r"[A-Za-z][\w-]*", match.group("label"))]
    return match.group("label") if any(w not in framework_words and w not in _NOT_A_NAME for w in words) else ""


CLIENT_BY_MEANING = 0.30  # a phrase this close to one note's "industry: title"…
CLIENT_MARGIN = 0.10  # …and this much closer than to any other note names that client
LABEL_BY_MEANING = 0.45  # a bare label, pointed by no "the … case", must come nearer still


def case_meant(similarities: dict[str, float], floor: float = CLIENT_BY_MEANING) -> str:
    """The one case a phrase clearly means, by its similarity to each note's label, or ""."""
    ranked = sorted(similarities.items(), key=lambda item: -item[1])
    if not ranked or ranked[0][1] < floor:
        return ""
    if len(ranked) > 1 and ranked[0][1] - ranked[1][1] < CLIENT_MARGIN:
        return ""
    return ranked[0][0]
