"""An uploaded file's copy without copying its bytes (issue 16).

Streamlit returns a copy of every widget's value on every run (``copy.deepcopy``, so that
the script cannot change the stored value). For ``st.file_uploader`` that value is an
``UploadedFile``, a ``BytesIO``: its deep copy copies the whole buffer, so every rerun of a
session holding a 300 MB upload copied 300 MB (0.7 s of each slider move at 500,000 rows,
measured with bench/profile_rerun.py under load). The bytes themselves are immutable: a new
``UploadedFile`` over the same ``bytes`` object is a full copy as far as any reader or
writer can tell (its own position; ``BytesIO`` copies the buffer on its first write), and
costs nothing. :func:`install` gives ``UploadedFile`` that ``__deepcopy__``.
"""

from __future__ import annotations

import copy

from streamlit.runtime.uploaded_file_manager import UploadedFile, UploadedFileRec


def _deepcopy(self: UploadedFile, memo: dict) -> UploadedFile:
    rec = UploadedFileRec(self.file_id, self.name, self.type, self.getvalue())
    out = UploadedFile(rec, copy.deepcopy(self._file_urls, memo))
    out.seek(self.tell())
    out.__dict__.update(
        {k: copy.deepcopy(v, memo) for k, v in self.__dict__.items() if k not in out.__dict__}
    )
    return out


def install() -> None:
    """Make ``copy.deepcopy`` of an ``UploadedFile`` share its (immutable) bytes."""
    UploadedFile.__deepcopy__ = _deepcopy  # type: ignore[attr-defined]
