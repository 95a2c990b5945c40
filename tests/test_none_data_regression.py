"""Regression: a table model whose data() returns None must not crash the interpreter.

PySide6 6.12 on CPython 3.11 decremented None's refcount on each such call until the
interpreter aborted (docs/facts.md). On 3.12+ None is immortal; this guards the pin and the
interpreter choice. It runs in a child process, since the failure mode is an abort.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap

CHILD = textwrap.dedent(
    """
    import sys
    from PySide6.QtCore import QAbstractTableModel, QModelIndex, QSortFilterProxyModel, Qt
    from PySide6.QtWidgets import QApplication, QTableView

    class Sparse(QAbstractTableModel):
        def rowCount(self, parent=QModelIndex()):
            return 0 if parent.isValid() else 500
        def columnCount(self, parent=QModelIndex()):
            return 0 if parent.isValid() else 4
        def data(self, index, role=Qt.ItemDataRole.DisplayRole):
            return None

    app = QApplication([])
    model = Sparse()
    proxy = QSortFilterProxyModel()
    proxy.setSourceModel(model)
    view = QTableView()
    view.setModel(proxy)
    view.resize(600, 400)
    view.show()
    calls = 0
    for _ in range(40):
        for row in range(500):
            for column in range(4):
                proxy.data(proxy.index(row, column), Qt.ItemDataRole.DisplayRole)
                calls += 1
        view.viewport().repaint()
        app.processEvents()
    proxy.sort(0)
    print(f"survived {calls} data() calls returning None", flush=True)
    """
)


def test_data_returning_none_many_times_does_not_crash() -> None:
    result = subprocess.run(
        [sys.executable, "-c", CHILD],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env={"QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin"},
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert "survived 80000 data() calls" in result.stdout
