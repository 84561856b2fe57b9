"""An upload's per-run copy shares its bytes (issue 16): Streamlit deep-copies a widget's
value on every run, which copied a 300 MB upload on every slider move."""

from __future__ import annotations

import copy

from streamlit.proto.Common_pb2 import FileURLs
from streamlit.runtime.uploaded_file_manager import UploadedFile, UploadedFileRec

from raidmap import uploadcopy


def test_a_deep_copy_of_an_upload_shares_its_bytes_and_stays_independent(monkeypatch):
    # the app's data panel installs the copy once per process: earlier tests in this run may
    # have done so; take it out to see Streamlit's own copy first
    monkeypatch.delattr(UploadedFile, "__deepcopy__", raising=False)
    data = b"event_id,event_date\n" * 1000
    f = UploadedFile(UploadedFileRec("id1", "a.csv", "text/csv", data), FileURLs())
    f.seek(5)
    before = copy.deepcopy(f)
    assert before.getvalue() == data and before.getvalue() is not data  # copied (BytesIO)
    uploadcopy.install()
    g = copy.deepcopy(f)
    assert g is not f and g.getvalue() is data  # the same immutable bytes: nothing copied
    assert (g.file_id, g.name, g.type, g.size, g.tell()) == (
        "id1",
        "a.csv",
        "text/csv",
        len(data),
        5,
    )
    g.seek(0)
    g.write(b"X")  # a write copies the buffer: the original is untouched
    assert f.getvalue() is data and g.getvalue()[:1] == b"X" and f.tell() == 5


def test_the_app_installs_the_copy_once_not_on_every_run(monkeypatch):
    from tests.test_app import run

    at = run()
    assert UploadedFile.__deepcopy__ is uploadcopy._deepcopy  # type: ignore[attr-defined]
    calls: list[int] = []
    monkeypatch.setattr(uploadcopy, "install", lambda: calls.append(1))
    at.run()
    at.run()
    assert not at.exception
    assert calls == []  # once per process (when the panels' module is imported)
