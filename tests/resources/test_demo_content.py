"""Validate the shipped content: the starter codebook and the fictional demo project.

These tests read the files directly (no project code), so they keep the content honest
whatever the loader does: the CSV is complete and well-formed, every reference in
demo.json resolves, every coded quote is really in its document, and the synthetic audio
matches its time-aligned transcript.
"""

from __future__ import annotations

import colorsys
import csv
import datetime as dt
import importlib.util
import io
import itertools
import json
import re
import shutil
import subprocess
from collections import Counter, defaultdict
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CODEBOOK = ROOT / "resources" / "codebooks" / "starter.csv"
DEMO_DIR = ROOT / "resources" / "demo"
DEMO = DEMO_DIR / "demo.json"
AUDIO_DIR = DEMO_DIR / "audio"

HEADER = ["path", "color", "definition", "when_to_use", "when_not_to_use", "example"]
LABEL = (
    "Fictional interview written for the Transcoda demo. "
    "Any resemblance to real persons is coincidental."
)
# A recording's spoken notice is in the recording's language (an English sentence at the
# start of a German recording derails Whisper's language handling); plain texts carry the
# English line.
SPOKEN_LABELS = {
    "en": LABEL,
    "de": "Fiktives Interview, geschrieben für die Transcoda-Demo. "
    "Ähnlichkeiten mit realen Personen sind zufällig.",
}
COLOR = re.compile(r"^#[0-9A-Fa-f]{6}$")
KINDS = {
    "semi_structured_interview",
    "expert_interview",
    "observation_notes",
    "social_media",
    "other",
}
INTERVIEW_KINDS = {"semi_structured_interview", "expert_interview"}
LANGUAGES = {"en", "de", "ru"}
ATTRIBUTE_TYPES = {"text", "number", "date", "choice"}
REQUIRED_ATTRIBUTES = {
    "origin",
    "host country",
    "year left",
    "gender",
    "age group",
    "prior activism",
    "interview type",
    "language",
}
REQUIRED_PAIRS = {
    ("Russia", "Germany"),
    ("Russia", "Georgia"),
    ("Azerbaijan", "Germany"),
    ("Azerbaijan", "Georgia"),
    ("Russia", "Kazakhstan"),
}
MAX_AUDIO_BYTES = 250_000


# --------------------------------------------------------------------------- helpers


def _codebook_rows() -> list[dict[str, str]]:
    text = CODEBOOK.read_bytes().decode("utf-8")
    return list(csv.DictReader(io.StringIO(text, newline="")))


@pytest.fixture(scope="module")
def rows() -> list[dict[str, str]]:
    return _codebook_rows()


@pytest.fixture(scope="module")
def demo() -> dict:
    return json.loads(DEMO.read_text(encoding="utf-8"))


def doc_text(document: dict) -> str:
    """The document's words: its text, or its transcript turns joined by newlines."""
    if "text" in document:
        return document["text"]
    return "\n".join(turn["text"] for turn in document["transcript"]["turns"])


def nth_index(haystack: str, needle: str, n: int) -> int:
    pos = -1
    for _ in range(n):
        pos = haystack.find(needle, pos + 1)
        if pos < 0:
            return -1
    return pos


def luminance(hex_color: str) -> float:
    def channel(c: int) -> float:
        s = c / 255
        return s / 12.92 if s <= 0.03928 else ((s + 0.055) / 1.055) ** 2.4

    r, g, b = (int(hex_color[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def hue(hex_color: str) -> float:
    r, g, b = (int(hex_color[i : i + 2], 16) / 255 for i in (1, 3, 5))
    return colorsys.rgb_to_hls(r, g, b)[0] * 360


def hue_distance(a: float, b: float) -> float:
    d = abs(a - b) % 360
    return min(d, 360 - d)


def words(text: str) -> int:
    return len(re.findall(r"\w+(?:[-'’]\w+)*", text))


def audio_info(path: Path) -> tuple[float, int, int]:
    """(duration in seconds, sample rate, channels) of an audio file."""
    try:
        import av  # type: ignore[import-not-found]
    except ImportError:
        av = None
    if av is not None:
        with av.open(str(path)) as container:
            stream = container.streams.audio[0]
            rate, channels = stream.rate, stream.channels
            if stream.duration is not None and stream.time_base is not None:
                duration = float(stream.duration * stream.time_base)
            else:
                duration = float(container.duration) / av.time_base
        return duration, rate, channels
    try:
        import soundfile  # type: ignore[import-not-found]
    except ImportError:
        soundfile = None
    if soundfile is not None:
        info = soundfile.info(str(path))
        return float(info.duration), int(info.samplerate), int(info.channels)
    if shutil.which("soxi"):

        def soxi(flag: str) -> str:
            return subprocess.run(
                ["soxi", flag, str(path)], check=True, capture_output=True, text=True
            ).stdout.strip()

        return float(soxi("-D")), int(soxi("-r")), int(soxi("-c"))
    pytest.skip("no audio reader (av, soundfile or sox) available")


def audio_samples(path: Path):
    """Mono float samples and the sample rate, decoded with PyAV (skips if unavailable)."""
    av = pytest.importorskip("av")
    np = pytest.importorskip("numpy")
    chunks, rate = [], None
    with av.open(str(path)) as container:
        stream = container.streams.audio[0]
        rate = stream.rate
        for frame in container.decode(stream):
            data = frame.to_ndarray().astype("float64")
            if data.ndim == 2:
                data = data.mean(axis=0) if frame.format.is_planar else data.reshape(-1)
            if frame.format.name.startswith("s16"):
                data = data / 32768.0
            chunks.append(data)
    return np.concatenate(chunks), rate


# --------------------------------------------------------------------------- codebook


def test_codebook_is_utf8_without_bom_and_has_exact_header():
    raw = CODEBOOK.read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf"), "starter.csv must not start with a BOM"
    text = raw.decode("utf-8")
    first = next(csv.reader(io.StringIO(text, newline="")))
    assert first == HEADER


def test_codebook_rows_are_complete(rows):
    assert 35 <= len(rows) <= 45, f"{len(rows)} codes"
    for row in rows:
        assert None not in row, f"extra fields in row {row['path']!r}"
        for field in HEADER:
            value = row[field]
            assert value is not None and value.strip(), f"{row['path']!r}: empty {field}"
            assert value == value.strip(), f"{row['path']!r}: {field} has outer whitespace"
        assert len(row["definition"]) >= 60, f"{row['path']!r}: definition too thin"
        assert len(row["when_to_use"]) >= 30 and len(row["when_not_to_use"]) >= 30


def test_codebook_paths_unique_and_parents_first(rows):
    seen: set[str] = set()
    for row in rows:
        path = row["path"]
        parts = path.split("/")
        assert all(p and p == p.strip() for p in parts), f"bad path {path!r}"
        assert path not in seen, f"duplicate path {path!r}"
        if len(parts) > 1:
            parent = "/".join(parts[:-1])
            assert parent in seen, f"{path!r} appears before its parent {parent!r}"
        seen.add(path)
    names = [row["path"].split("/")[-1] for row in rows]
    assert len(set(names)) == len(names), "code names should be unique across the tree"


def test_codebook_covers_the_frameworks(rows):
    paths = {row["path"] for row in rows}
    tops = {p for p in paths if "/" not in p}
    assert tops == {
        "Political remittances",
        "Emotions",
        "Social capital",
        "Migration trajectory and integration",
    }
    names = {p.split("/")[-1] for p in paths}
    required = {
        "Ideas and values sent home",
        "Political practices",
        "Protest from abroad",
        "Donations",
        "Digital activism",
        "Volunteering",
        "Information flows to people at home",
        "Fear",
        "Fear of transnational repression",
        "Guilt",
        "Shame",
        "Anger",
        "Hope",
        "Relief",
        "Nostalgia",
        "Grief",
        "Bonding",
        "Bridging",
        "Linking",
        "Mutual assistance",
        "Transnational ties",
        "Reasons to leave",
        "Language learning",
        "Work",
        "Legal status",
        "Housing",
    }
    assert required <= names, f"missing: {sorted(required - names)}"


def test_when_not_to_use_points_at_a_neighbouring_code(rows):
    names = {row["path"].split("/")[-1] for row in rows}
    for row in rows:
        own = row["path"].split("/")[-1]
        others = [n for n in names if n != own and n in row["when_not_to_use"]]
        assert others, f"{row['path']!r}: when_not_to_use names no other code"


def test_codebook_colours_valid_readable_and_grouped_by_branch(rows):
    top_hue: dict[str, float] = {}
    colours = []
    for row in rows:
        colour = row["color"]
        assert COLOR.match(colour), f"{row['path']!r}: bad colour {colour!r}"
        colours.append(colour.upper())
        # Highlight colours: black text on them must reach WCAG AAA contrast (7:1).
        contrast = (luminance(colour) + 0.05) / 0.05
        assert contrast >= 7, f"{row['path']!r}: {colour} too dark for a text highlight"
        top = row["path"].split("/")[0]
        if top == row["path"]:
            top_hue[top] = hue(colour)
        else:
            assert hue_distance(hue(colour), top_hue[top]) <= 20, (
                f"{row['path']!r}: {colour} is not in the hue family of {top!r}"
            )
    assert len(set(colours)) == len(colours), "every code should have its own shade"
    tops = list(top_hue.values())
    for i, a in enumerate(tops):
        for b in tops[i + 1 :]:
            assert hue_distance(a, b) >= 60, "top-level branches need clearly different hues"


# --------------------------------------------------------------------------- demo.json


def test_demo_schema(demo):
    assert set(demo) == {"title", "memo", "coders", "attributes", "cases", "documents", "codings"}
    assert isinstance(demo["title"], str) and demo["title"]
    for coder in demo["coders"]:
        assert set(coder) == {"name", "color"} and COLOR.match(coder["color"])
    for attr in demo["attributes"]:
        assert attr["type"] in ATTRIBUTE_TYPES and attr["applies_to"] == "case"
        assert ("choices" in attr) == (attr["type"] == "choice"), attr["name"]
        assert set(attr) <= {"name", "type", "choices", "applies_to"}
    for case in demo["cases"]:
        assert set(case) == {"name", "values", "memo"}
    for document in demo["documents"]:
        allowed = {
            "title",
            "kind",
            "language",
            "date",
            "interviewer",
            "case",
            "text",
            "transcript",
            "memo",
        }
        assert set(document) <= allowed, set(document) - allowed
        assert ("text" in document) != ("transcript" in document), document["title"]
        assert document["kind"] in KINDS and document["language"] in LANGUAGES
        dt.date.fromisoformat(document["date"])
        assert isinstance(document["interviewer"], str) and document["interviewer"]
        assert isinstance(document["memo"], str)
        if "transcript" in document:
            assert set(document["transcript"]) == {"audio", "turns"}
            for turn in document["transcript"]["turns"]:
                assert set(turn) == {"start_ms", "end_ms", "speaker", "text"}
                assert isinstance(turn["start_ms"], int) and isinstance(turn["end_ms"], int)
                assert turn["speaker"] and turn["text"]
    for coding in demo["codings"]:
        assert {"document", "code", "quote", "occurrence", "coder"} <= set(coding)
        assert set(coding) <= {"document", "code", "quote", "occurrence", "coder", "memo"}
        assert isinstance(coding["occurrence"], int) and coding["occurrence"] >= 1


def test_demo_names_are_unique(demo):
    for key, field in (
        ("coders", "name"),
        ("attributes", "name"),
        ("cases", "name"),
        ("documents", "title"),
    ):
        values = [item[field] for item in demo[key]]
        assert len(values) == len(set(values)), f"duplicate {key} {field}"


def test_demo_is_labelled_fictional(demo):
    assert LABEL in demo["memo"]
    for document in demo["documents"]:
        if "text" in document:
            assert document["text"].startswith(LABEL), f"{document['title']!r} lacks the label"
        else:
            first = document["transcript"]["turns"][0]["text"]
            assert first == SPOKEN_LABELS[document["language"]], document["title"]
            assert LABEL in document["memo"], document["title"]
        assert "ictional" in document["memo"], document["title"]
    for case in demo["cases"]:
        assert "ictional" in case["memo"], case["name"]


def test_demo_cases_and_attributes(demo):
    attrs = {a["name"]: a for a in demo["attributes"]}
    assert set(attrs) >= REQUIRED_ATTRIBUTES
    for case in demo["cases"]:
        values = case["values"]
        assert set(values) <= set(attrs), f"{case['name']}: unknown attributes"
        for name, value in values.items():
            assert isinstance(value, str), f"{case['name']}.{name} must be a string"
            kind = attrs[name]["type"]
            if kind == "choice":
                assert value in attrs[name]["choices"], f"{case['name']}.{name}={value!r}"
            elif kind == "number":
                float(value)
            elif kind == "date":
                dt.date.fromisoformat(value)
        expected = (
            {"host country", "gender", "age group", "interview type", "language"}
            if values.get("interview type") == "expert"
            else REQUIRED_ATTRIBUTES
        )
        assert expected <= set(values), f"{case['name']}: missing {expected - set(values)}"
        if "year left" in values:
            assert 2022 <= float(values["year left"]) <= 2026


def test_demo_documents_reference_cases(demo):
    cases = {c["name"]: c for c in demo["cases"]}
    for document in demo["documents"]:
        assert document["case"] is None or document["case"] in cases, document["title"]
    used = {d["case"] for d in demo["documents"]}
    assert set(cases) <= used, "every case should have a document"


def test_demo_interview_coverage(demo):
    cases = {c["name"]: c["values"] for c in demo["cases"]}
    interviews = [d for d in demo["documents"] if d["kind"] in INTERVIEW_KINDS]
    assert len(interviews) >= 6
    kinds = Counter(d["kind"] for d in interviews)
    assert kinds["expert_interview"] >= 2 and kinds["semi_structured_interview"] >= 4
    languages = Counter(d["language"] for d in interviews)
    assert languages["ru"] >= 2 and languages["de"] >= 2 and languages["en"] >= 1
    pairs = {
        (cases[d["case"]].get("origin"), cases[d["case"]].get("host country"))
        for d in interviews
        if d["case"]
    }
    assert pairs >= REQUIRED_PAIRS, f"missing {REQUIRED_PAIRS - pairs}"
    for d in interviews:
        case_lang = cases[d["case"]]["language"]
        assert {"Russian": "ru", "German": "de", "English": "en"}[case_lang] == d["language"]
        if d["kind"] == "expert_interview":
            assert cases[d["case"]]["interview type"] == "expert"


def test_demo_text_interviews_have_substance(demo):
    for document in demo["documents"]:
        if "text" in document:
            n = words(document["text"][len(LABEL) :])
            assert 350 <= n <= 950, f"{document['title']!r}: {n} words"


def test_demo_codings_resolve_and_quotes_occur(demo, rows):
    codes = {row["path"] for row in rows}
    coders = {c["name"] for c in demo["coders"]}
    documents = {d["title"]: d for d in demo["documents"]}
    for coding in demo["codings"]:
        assert coding["document"] in documents, coding["document"]
        assert coding["code"] in codes, coding["code"]
        assert coding["coder"] in coders, coding["coder"]
        quote = coding["quote"]
        assert quote and quote == quote.strip(), f"quote {quote!r} has outer whitespace"
        document = documents[coding["document"]]
        if "text" in document:
            count = document["text"].count(quote)
        else:
            # A coded transcript passage lies inside one speaker turn.
            count = sum(t["text"].count(quote) for t in document["transcript"]["turns"])
        assert count >= coding["occurrence"], (
            f"{coding['document']!r}: {quote!r} occurs {count}x, needs {coding['occurrence']}"
        )


def test_demo_codings_volume_and_spread(demo, rows):
    codings = demo["codings"]
    assert len(codings) >= 60
    keys = [(c["document"], c["code"], c["quote"], c["occurrence"], c["coder"]) for c in codings]
    assert len(keys) == len(set(keys)), "duplicate coding"
    coders = Counter(c["coder"] for c in codings)
    assert len(demo["coders"]) >= 2 and len(coders) >= 2
    assert min(coders.values()) >= 30, coders
    language = {d["title"]: d["language"] for d in demo["documents"]}
    by_language = defaultdict(set)
    for c in codings:
        by_language[language[c["document"]]].add(c["coder"])
    for lang in LANGUAGES:
        assert by_language[lang] == set(coders), f"{lang}: coded by {by_language[lang]}"
    assert {c["document"] for c in codings} == set(language), "every document is coded"
    used = {c["code"] for c in codings}
    assert len(used) >= 30, f"only {len(used)} codes used"
    assert {u.split("/")[0] for u in used} == {r["path"] for r in rows if "/" not in r["path"]}


def test_demo_has_double_coding_agreement_disagreement_and_overlaps(demo):
    documents = {d["title"]: d for d in demo["documents"]}
    by_passage = defaultdict(lambda: defaultdict(set))  # (doc, quote, occ) -> coder -> codes
    spans = defaultdict(list)  # doc -> [(start, end, code, coder)]
    for c in demo["codings"]:
        by_passage[(c["document"], c["quote"], c["occurrence"])][c["coder"]].add(c["code"])
        text = doc_text(documents[c["document"]])
        start = nth_index(text, c["quote"], c["occurrence"])
        assert start >= 0
        spans[c["document"]].append((start, start + len(c["quote"]), c["code"], c["coder"]))
    both = [p for p in by_passage.values() if len(p) >= 2]
    agree = [p for p in both if set.intersection(*p.values())]
    disagree = [p for p in both if not set.intersection(*p.values())]
    assert len(both) >= 30, f"{len(both)} passages coded by both coders"
    assert len(agree) >= 20 and len(disagree) >= 10, (len(agree), len(disagree))
    # Overlapping (not identical) spans: nested or partly overlapping codings.
    overlaps = 0
    for items in spans.values():
        for i, (s1, e1, *_r) in enumerate(items):
            for s2, e2, *_q in items[i + 1 :]:
                if (s1, e1) != (s2, e2) and s1 < e2 and s2 < e1:
                    overlaps += 1
    assert overlaps >= 10, f"{overlaps} overlapping pairs"


# --------------------------------------------------------------------------- audio


def transcripts(demo: dict) -> list[dict]:
    return [d for d in demo["documents"] if "transcript" in d]


def test_demo_has_two_transcripts_with_audio(demo):
    with_audio = [d for d in transcripts(demo) if d["transcript"]["audio"]]
    assert len(with_audio) >= 2
    assert "en" in {d["language"] for d in with_audio}
    assert {"de", "ru"} & {d["language"] for d in with_audio}


def test_demo_audio_files_and_turn_times(demo):
    for document in transcripts(demo):
        name = document["transcript"]["audio"]
        if name is None:
            continue
        assert "/" not in name and "\\" not in name and name.endswith((".ogg", ".opus"))
        path = AUDIO_DIR / name
        assert path.is_file(), f"missing {path}"
        assert path.stat().st_size < MAX_AUDIO_BYTES, f"{name}: {path.stat().st_size} bytes"
        assert path.read_bytes()[:4] == b"OggS", f"{name} is not an Ogg file"
        duration, rate, channels = audio_info(path)
        assert 40 <= duration <= 62, f"{name}: {duration:.1f} s"
        assert rate == 16000 and channels == 1, f"{name}: {rate} Hz, {channels} channels"
        previous_end = 0
        turns = document["transcript"]["turns"]
        for turn in turns:
            assert previous_end <= turn["start_ms"] < turn["end_ms"], (name, turn)
            previous_end = turn["end_ms"]
        assert previous_end <= duration * 1000 + 50, f"{name}: turns run past the audio"
        speakers = {t["speaker"] for t in turns}
        assert len(speakers - {"Narrator"}) >= 2, "interviewer and respondent expected"


def test_demo_audio_speech_lies_inside_the_turns(demo):
    """Silence between turns, sound inside them: the timings really match the recording."""
    np = pytest.importorskip("numpy")
    for document in transcripts(demo):
        name = document["transcript"]["audio"]
        if name is None:
            continue
        samples, rate = audio_samples(AUDIO_DIR / name)

        def rms(start_ms: int, end_ms: int, samples=samples, rate=rate) -> float:
            chunk = samples[int(start_ms * rate / 1000) : int(end_ms * rate / 1000)]
            return float(np.sqrt(np.mean(chunk**2))) if len(chunk) else 0.0

        turns = document["transcript"]["turns"]
        for turn in turns:
            assert rms(turn["start_ms"], turn["end_ms"]) > 0.01, (name, turn["text"][:40])
        for a, b in itertools.pairwise(turns):
            if b["start_ms"] - a["end_ms"] >= 300:
                gap = rms(a["end_ms"] + 100, b["start_ms"] - 100)
                assert gap < 0.005, f"{name}: sound between turns at {a['end_ms']} ms"


def test_make_audio_script_has_a_voice_for_every_speaker(demo):
    spec = importlib.util.spec_from_file_location("make_audio", DEMO_DIR / "make_audio.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    for document in transcripts(demo):
        name = document["transcript"]["audio"]
        if name is None:
            continue
        voices = module.VOICES[name]
        speakers = {t["speaker"] for t in document["transcript"]["turns"]}
        assert speakers <= set(voices), f"{name}: no voice for {speakers - set(voices)}"
        respondent = [v for s, v in voices.items() if s not in {"Narrator", "Interviewer"}]
        assert all(v != voices["Interviewer"] for v in respondent), "voices must differ"
