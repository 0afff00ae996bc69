"""A batch manifest read as a person writes one in a spreadsheet or an editor: what is refused at
once (naming the column or the line), what fails alone, and what each cell means."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.batch.manifest import read_manifest
from generator.errors import InputError

SCRIPT = """\
holdspace: 1
title: Short Rest
voice: {engine: espeak-ng}
segments:
  - speak: "Let the breath be as it is."
"""


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    (tmp_path / "rest.yaml").write_text(SCRIPT)
    return tmp_path


def _write(folder: Path, text: str, name: str = "week.csv", encoding: str = "utf-8") -> Path:
    path = folder / name
    path.write_bytes(text.encode(encoding))
    return path


def _refused(path: Path, out: Path, *words: str) -> str:
    with pytest.raises(InputError) as caught:
        read_manifest(path, out)
    line = str(caught.value)
    for word in words:
        assert word in line, line
    assert "\n" not in line
    return line


def test_rows_become_jobs_in_order_with_their_lines(folder: Path) -> None:
    path = _write(
        folder,
        "output,script,length,name\n"
        "ana/mon.mp3,rest.yaml,10m,Ana\n"
        "\n"
        "# tuesday is a rest day\n"
        'ben/mon.mp3,rest.yaml,,"Ben\nand Kim"\n'
        "ben/tue.mp3,rest.yaml,5:30,\n",
    )
    jobs = read_manifest(path, folder / "out")
    assert [j.output for j in jobs] == [
        folder / "out" / "ana" / "mon.mp3",
        folder / "out" / "ben" / "mon.mp3",
        folder / "out" / "ben" / "tue.mp3",
    ]
    assert [j.row.line for j in jobs] == [2, 5, 7]  # a quoted cell spans two lines
    assert [j.length for j in jobs] == [600.0, None, 330.0]
    assert jobs[0].script == folder / "rest.yaml"
    assert [j.row.name for j in jobs] == ["Ana", "Ben\nand Kim", None]
    assert all(not j.row.problem for j in jobs)
    assert jobs[1].where == f"{path}:5"


def test_unknown_column_is_refused_naming_it(folder: Path) -> None:
    path = _write(folder, "output,script,lenght\nx.mp3,rest.yaml,10m\n")
    line = _refused(path, folder / "out", "unknown column 'lenght'", "did you mean 'length'")
    assert line.startswith(f"{path}:1: ")


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("", ["the manifest is empty"]),
        ("output,script\n", ["no rows"]),
        ("script,length\nrest.yaml,10m\n", ["no 'output' column"]),
        ("output,script,Output\nx.mp3,rest.yaml,y.mp3\n", ["'output' appears twice"]),
        ('output,script\n"x.mp3,rest.yaml\n', ["not readable as CSV"]),
    ],
)
def test_a_manifest_that_is_not_one_is_refused(folder: Path, text: str, words: list[str]) -> None:
    _refused(_write(folder, text), folder / "out", *words)


def test_a_quote_never_closed_is_said_at_the_row_that_opened_it(folder: Path) -> None:
    """A tester's quote opened on line 2 was said at line 3, where the file ended."""
    path = _write(folder, 'output,script\n"x.mp3,rest.yaml\ny.mp3,rest.yaml\n')
    line = _refused(path, folder / "out", "not readable as CSV", "check the quotes on this row")
    assert line.startswith(f"{path}:2: ")


def test_two_rows_with_one_output_are_refused_at_the_second(folder: Path) -> None:
    path = _write(folder, "output,script\na.mp3,rest.yaml\nb.mp3,rest.yaml\na.mp3,rest.yaml\n")
    line = _refused(path, folder / "out", "also the output of the row at line 2")
    assert line.startswith(f"{path}:4: ")


def test_two_outputs_that_differ_only_in_case_are_refused(folder: Path) -> None:
    """A phone's or SD card's file system may ignore case: a.mp3 and A.mp3 are one file there."""
    path = _write(folder, "output,script\nana/a.mp3,rest.yaml\nAna/A.mp3,rest.yaml\n")
    line = _refused(path, folder / "out", "also the output of the row at line 2")
    assert line.startswith(f"{path}:3: ")


def test_not_utf8_says_how_to_save_it_and_where(folder: Path) -> None:
    path = _write(folder, "output,script,name\nx.mp3,rest.yaml,Zoë\n", encoding="latin-1")
    line = _refused(path, folder / "out", "not UTF-8", "CSV UTF-8")
    assert line.startswith(f"{path}:2: ")


def test_excel_exports_are_read_bom_semicolons_and_crlf(folder: Path) -> None:
    path = _write(folder, "\ufeffOutput;Script;Name\r\nx.mp3;rest.yaml;Zoë\r\n")
    (job,) = read_manifest(path, folder / "out")
    assert job.output.name == "x.mp3" and job.row.name == "Zoë" and not job.row.problem


def test_a_trailing_empty_column_is_ignored_but_a_value_there_is_not(folder: Path) -> None:
    path = _write(folder, "output,script,\nx.mp3,rest.yaml,\ny.mp3,rest.yaml,oops\n")
    good, bad = read_manifest(path, folder / "out")
    assert not good.row.problem
    assert "column without a name" in bad.row.problem


@pytest.mark.parametrize(
    ("cells", "words"),
    [
        ("x.mp3,rest.yaml,banana", ["length:", "'banana' is not a length"]),
        ("x.mp3,rest.yaml,3h99m", ["length:"]),
        ("x.mp3,rest.yaml,1s", ["from 1m to 4h"]),
        ("/etc/x.mp3,rest.yaml,", ["inside the output folder"]),
        ("../x.mp3,rest.yaml,", ["inside the output folder"]),
        ("x.wav,rest.yaml,", ["must name an .mp3 file"]),
        (",rest.yaml,", ["output is empty"]),
        ("x.mp3,,10m", ["script is empty"]),
        ("x.mp3,nope.yaml,", ["no script 'nope.yaml' beside the manifest", "nope.yaml does"]),
    ],
)
def test_a_bad_value_fails_its_row_alone(folder: Path, cells: str, words: list[str]) -> None:
    path = _write(folder, f"output,script,length\nok.mp3,rest.yaml,\n{cells}\n")
    good, bad = read_manifest(path, folder / "out")
    assert not good.row.problem
    assert bad.row.line == 3
    for word in words:
        assert word in bad.row.problem, bad.row.problem


@pytest.mark.parametrize(
    ("header", "cells", "words"),
    [
        ("script,focus", "rest.yaml,rest", ["focus is a compose choice", "names a script"]),
        ("script,language", "rest.yaml,es", ["language is a compose choice"]),
        ("script,seed", "rest.yaml,-3", ["seed '-3' must be a whole number"]),
        ("script,seed", "rest.yaml,4294967296", ["from 0 to 4294967295"]),
        ("script,loudness", "rest.yaml,-50", ["loudness", "-30 to -10"]),
        ("script,bed", "rest.yaml,ocaen", ["bed 'ocaen'", "did you mean 'ocean'"]),
        ("script,caution", "rest.yaml,pregnat", ["caution 'pregnat'", "'pregnancy'"]),
        ("script,caution", "rest.yaml,hip replacment", ["caution 'hip replacment'"]),
        ("script,bed", "rest.yaml,lluvia", ["bed 'lluvia'", "did you mean 'rain'"]),
        ("script,caution", "rest.yaml,pregnancy hip replacment", ["caution 'hip'"]),
    ],
)
def test_bad_settings_fail_the_row(folder: Path, header: str, cells: str, words: list) -> None:
    path = _write(folder, f"output,{header}\nx.mp3,{cells}\n")
    (job,) = read_manifest(path, folder / "out")
    for word in words:
        assert word in job.row.problem, job.row.problem


def test_a_row_with_several_bad_cells_names_them_all_at_once(folder: Path) -> None:
    """One run says everything to fix in a row, not one problem per run."""
    header = "output,script,length,seed,bed,caution,loudness"
    path = _write(folder, f"{header}\nana.wav,nope.yaml,twenty,-3,lluvia,pregnat,-50\n")
    (job,) = read_manifest(path, folder / "out")
    problems = job.row.problem.split(" — and ")
    assert [p.split(" ")[0] for p in problems] == [
        "output", "no", "length:", "seed", "caution", "bed", "loudness"
    ]  # fmt: skip
    assert "did you mean 'rain'" in job.row.problem and "'pregnancy'" in job.row.problem
    assert "\n" not in job.row.problem


def test_a_composed_rows_bad_choices_are_said_with_its_other_bad_cells(folder: Path) -> None:
    """Position, focus, avoid and language are checked with the rest of the row, not one at a
    time as the row is rendered; a bad length is said once."""
    header = "output,position,focus,avoid,language,length,bed"
    path = _write(folder, f"{header}\nlu.mp3,chiar,hips,boca arriba,español,8 mn,oceano\n")
    (job,) = read_manifest(path, folder / "out")
    problem = job.row.problem
    assert problem.count("length:") == 1, problem
    for words in ("length: '8 mn'", "bed 'oceano'", "did you mean 'ocean'",
                  "position 'chiar'", "did you mean 'chair'", "avoid 'boca arriba'",
                  "'lying_on_back'", "language 'español'", "did you mean 'es'"):  # fmt: skip
        assert words in problem, (words, problem)
    assert "--" not in problem


def test_one_bad_cell_is_said_alone(folder: Path) -> None:
    path = _write(folder, "output,script,bed\nx.mp3,rest.yaml,ocaen\n")
    (job,) = read_manifest(path, folder / "out")
    assert " — and " not in job.row.problem and job.row.problem.startswith("bed 'ocaen'")


def test_settings_and_compose_choices_are_read(folder: Path) -> None:
    (folder / "rain.wav").write_bytes(b"RIFF")
    path = _write(
        folder,
        "output,script,position,focus,avoid,language,seed,length,bed,loudness,voice\n"
        "a.mp3,rest.yaml,,,,,7,,rain.wav,program:-18,espeak-ng:en-gb\n"
        'b.mp3,,chair,rest,"knees, lying_on_back",es,12,15m,drone,-19,\n',
    )
    script_row, composed = read_manifest(path, folder / "out")
    row = script_row.row
    assert row.choices is None and row.seed == 7 and row.bed_file == folder / "rain.wav"
    assert (row.loudness.measure, row.loudness.target) == ("program", -18.0)
    assert row.voice == "espeak-ng:en-gb"
    c = composed.row.choices
    assert composed.script is None and composed.length == 900.0
    assert (c.place, c.focus, c.avoid, c.language, c.seed, c.length_s) == (
        "chair", "rest", ("knees", "lying_on_back"), "es", 12, 900.0,
    )  # fmt: skip
    assert composed.row.bed == "drone" and composed.row.seed is None


def test_a_listeners_cautions_are_read_for_script_and_composed_rows(folder: Path) -> None:
    path = _write(
        folder,
        "output,script,caution,position\n"
        'a.mp3,rest.yaml,"pregnancy, hip_replacement",\n'
        "b.mp3,,hip_replacement,chair\n",
    )
    script_row, composed = read_manifest(path, folder / "out")
    assert script_row.row.cautions == ("pregnancy", "hip_replacement")
    assert composed.row.choices.cautions == ("hip_replacement",)


@pytest.mark.parametrize(
    ("cell", "cautions"),
    [
        ("hip replacement", ("hip_replacement",)),
        ("Hip Replacement; pregnant", ("hip_replacement", "pregnancy")),
        ("prótesis de cadera", ("hip_replacement",)),
        ("embarazo, hiperlaxitud", ("pregnancy", "hypermobility")),
        ("hypermobile, hypermobility", ("hypermobility",)),
    ],
)
def test_a_caution_written_as_people_write_it_is_understood(
    folder: Path, cell: str, cautions: tuple[str, ...]
) -> None:
    """A therapist's spreadsheet said "hip replacement", and the docs say such words are
    understood: the row was refused."""
    path = _write(folder, f'output,script,caution\na.mp3,rest.yaml,"{cell}"\n')
    (job,) = read_manifest(path, folder / "out")
    assert not job.row.problem and job.row.cautions == cautions


def test_a_need_written_in_words_is_quoted_whole_and_told_where_it_goes(folder: Path) -> None:
    """A school counsellor wrote "ankle in cast": the error quotes her words, not "ankle"."""
    path = _write(folder, "output,script,caution\na.mp3,rest.yaml,ankle in cast\n")
    (row,) = read_manifest(path, folder / "out")
    assert "caution 'ankle in cast' is not one of hip_replacement, pregnancy" in row.row.problem
    assert "the script's own words" in row.row.problem


def test_a_manifest_without_a_script_column_composes_every_row(folder: Path) -> None:
    path = _write(folder, "output,length\na.mp3,\nb.mp3,30m\n")
    a, b = read_manifest(path, folder / "out")
    assert a.row.choices.length_s == 1200.0 and b.row.choices.length_s == 1800.0
    assert not a.row.problem and not b.row.problem


def test_a_track_may_not_replace_the_manifest_or_a_script(folder: Path) -> None:
    path = _write(folder, "output,script\nweek.csv.mp3,rest.yaml\n")
    read_manifest(path, folder)  # week.csv.mp3 is not week.csv
    _write(folder, "output,script\nrest.mp3,rest.yaml\n", name="m.csv")
    (folder / "rest.lrc").write_text("x")
    read_manifest(folder / "m.csv", folder)  # the sidecars of rest.mp3 are not the script
    (folder / "clash.yaml").write_text(SCRIPT)
    _write(folder, "output,script\nclash.mp3,rest.yaml\n", name="n.csv")
    (folder / "clash.yaml").unlink()
    (folder / "clash.vtt").symlink_to(folder / "rest.yaml")
    _refused(folder / "n.csv", folder, "would overwrite the script")


def test_a_missing_script_is_looked_for_beside_the_manifest_and_said_so(folder: Path) -> None:
    (folder / "lists").mkdir()
    path = _write(folder, "output,script\nx.mp3,rest.yaml\n", name="lists/week.csv")
    (job,) = read_manifest(path, folder / "out")
    assert str(folder / "lists" / "rest.yaml") in job.row.problem, job.row.problem
    assert "manifest's own folder" in job.row.problem


def test_an_unknown_voice_a_row_names_is_blamed_on_that_row(folder: Path) -> None:
    """The voice came from the manifest, so the message points at its row, not at the script
    (which said nothing wrong)."""
    from generator.batch.work import prepare

    path = _write(
        folder, "output,script,voice\nx.mp3,rest.yaml,\nz.mp3,rest.yaml,piper:nosuchvoice\n"
    )
    jobs = read_manifest(path, folder / "out")
    outcome = prepare(jobs[1])
    assert outcome is not None and not outcome.ok
    assert outcome.message.startswith(f"{path}:3: "), outcome.message
    assert "nosuchvoice" in outcome.message and "rest.yaml" not in outcome.message


def test_a_space_separated_list_with_a_typo_names_the_word_that_is_wrong(folder: Path) -> None:
    """ "knes lying_on_back" was one value, and the error suggested lying_on_back for it."""
    from generator.batch.sources import session_for

    path = _write(folder, "output,avoid\na.mp3,knes lying_on_back\nb.mp3,boca arriba\n")
    typo, spanish = read_manifest(path, folder / "out")
    assert "avoid 'knes'" in typo.row.problem and "did you mean 'knees'" in typo.row.problem
    assert "lying_on_back'" not in typo.row.problem.split("did you mean")[0]
    # one value, said in other words, and answered so
    assert spanish.row.problem.startswith("avoid 'boca arriba' is not a tag")
    assert "did you mean 'lying_on_back'" in spanish.row.problem
    with pytest.raises(InputError) as caught:
        session_for(None, typo.row)
    assert str(caught.value).startswith(f"{path}:2: avoid 'knes'")


def test_title_and_album_cells_name_the_track_in_one_line(folder: Path) -> None:
    long = "x" * 201
    path = _write(
        folder,
        "output,script,title,album\n"
        'a.mp3,rest.yaml,"Week  2:\n Arriving",Gentle Hips\n'
        f"b.mp3,rest.yaml,{long},\n",
    )
    a, b = read_manifest(path, folder / "out")
    assert (a.row.title, a.row.album) == ("Week 2: Arriving", "Gentle Hips")
    assert "title is longer than 200 characters" in b.row.problem
