"""The task detail's sections: the fields, the timeline and the traceback.

Each section is a widget that shows what it is given; :class:`~desktop.ui.monitor.task_detail.
TaskDetail` decides what that is (a live task or one from the journal) and lays them out.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QFontDatabase, QGuiApplication
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.core.events import TaskRecord
from desktop.ui.monitor import timefmt
from desktop.ui.monitor.task_detail_text import strip_tags
from desktop.ui.monitor.task_timeline import TimelinePoint, event_label

#: Event, Time, After previous, Total, By.
TIMELINE_COLUMNS = 5


class FieldsForm(QScrollArea):
    """Label and rich-text value rows (empty values left out), scrolled when long.

    Signals:
        link_activated(str): a link in a value was clicked (its target, a task id).
    """

    link_activated = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._form = QFormLayout()
        self._form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self._form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        fields = QWidget()
        fields.setLayout(self._form)
        self.setWidgetResizable(True)
        self.setWidget(fields)

    def set_rows(self, rows: list[tuple[str, str]]) -> None:
        form = self._form
        while form.rowCount():
            form.removeRow(0)
        for label, value in rows:
            if not value:
                continue
            field = QLabel(value)
            field.setWordWrap(True)
            field.setTextFormat(Qt.TextFormat.RichText)
            field.setTextInteractionFlags(
                Qt.TextInteractionFlag.TextSelectableByMouse
                | Qt.TextInteractionFlag.LinksAccessibleByMouse
            )
            field.linkActivated.connect(self.link_activated)
            form.addRow(label, field)

    def texts(self) -> dict[str, str]:
        """Label to plain text of the shown rows."""
        texts: dict[str, str] = {}
        for row in range(self._form.rowCount()):
            label = self._form.itemAt(row, QFormLayout.ItemRole.LabelRole)
            field = self._form.itemAt(row, QFormLayout.ItemRole.FieldRole)
            if label is None or field is None:
                continue
            label_widget, field_widget = label.widget(), field.widget()
            if isinstance(label_widget, QLabel) and isinstance(field_widget, QLabel):
                doc_text = field_widget.text().replace("<br>", "\n")
                texts[label_widget.text()] = strip_tags(doc_text)
        return texts


class TimelineView(QTreeWidget):
    """A task's events, one row each, with the time since the previous and the first."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setRootIsDecorated(False)
        self.setHeaderLabels(
            [self.tr("Event"), self.tr("Time"), self.tr("After previous"), self.tr("Total"),
             self.tr("By")]
        )  # fmt: skip
        self.setAlternatingRowColors(True)

    def show_points(self, task: TaskRecord, points: list[TimelinePoint]) -> None:
        self.clear()
        first = points[0][1] if points else 0.0
        previous: float | None = None
        for name, moment, by in points:
            step = "" if previous is None else timefmt.format_duration(moment - previous)
            total = "" if previous is None else timefmt.format_duration(moment - first)
            label = event_label(name, task)
            item = QTreeWidgetItem([label, timefmt.format_datetime(moment), step, total, by])
            if previous is not None and moment < previous:
                item.setToolTip(2, self.tr("Negative: the senders' clocks disagree (clock skew)."))
            self.addTopLevelItem(item)
            previous = moment
        for column in range(TIMELINE_COLUMNS):
            self.resizeColumnToContents(column)
        # as tall as its rows: the traceback below gets the rest
        # rows differ in height when some hold CJK text (another font's line height)
        rows = sum(self.sizeHintForRow(r) for r in range(len(points)))
        rows = rows or self.fontMetrics().height() + 2
        header = self.header().sizeHint().height()
        frame = 2 * self.frameWidth()
        bar = self.horizontalScrollBar().sizeHint().height()
        wide = self.header().length() > self.viewport().width()
        self.setFixedHeight(header + frame + rows + (bar if wide else 0))

    def rows(self) -> list[list[str]]:
        found = []
        for i in range(self.topLevelItemCount()):
            item = self.topLevelItem(i)
            if item is not None:
                found.append([item.text(c) for c in range(TIMELINE_COLUMNS)])
        return found


class TracebackBox(QWidget):
    """A traceback in a fixed-width font, with a button that copies it; hidden when none."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._text = QPlainTextEdit()
        self._text.setReadOnly(True)
        self._text.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self._text.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        copy = QPushButton(self.tr("Copy traceback"))
        copy.clicked.connect(self._on_copy_clicked)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        header = QHBoxLayout()
        header.addWidget(QLabel(self.tr("<b>Traceback</b>")), 1)
        header.addWidget(copy)
        column.addLayout(header)
        column.addWidget(self._text, 1)

    def set_text(self, text: str) -> None:
        self._text.setPlainText(text)
        self.setVisible(bool(text))

    def text(self) -> str:
        return self._text.toPlainText()

    @Slot()
    def _on_copy_clicked(self) -> None:
        QGuiApplication.clipboard().setText(self._text.toPlainText())
