"""Player controls under the transcript: play, skip, position, speed and volume."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDoubleSpinBox,
    QHBoxLayout,
    QLabel,
    QSlider,
    QStyle,
    QToolButton,
    QWidget,
)

from app.gui.media import MAX_RATE, MIN_RATE, RATE_STEP, MediaController


def clock(ms: int) -> str:
    seconds = max(0, ms) // 1000
    return f"{seconds // 3600:d}:{seconds // 60 % 60:02d}:{seconds % 60:02d}"


class MediaBar(QWidget):
    def __init__(self, media: MediaController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.media = media
        self.setObjectName("mediaBar")
        style = self.style()
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        layout.setSpacing(6)

        def button(icon: QStyle.StandardPixmap, tip: str) -> QToolButton:
            widget = QToolButton(self)
            widget.setIcon(style.standardIcon(icon))
            widget.setToolTip(tip)
            widget.setAutoRaise(True)
            layout.addWidget(widget)
            return widget

        self.back = button(QStyle.StandardPixmap.SP_MediaSeekBackward, self.tr("Back 5 s (F3)"))
        self.play = button(
            QStyle.StandardPixmap.SP_MediaPlay, self.tr("Play / pause (F4, Ctrl+Space)")
        )
        self.forward = button(
            QStyle.StandardPixmap.SP_MediaSeekForward, self.tr("Forward 5 s (F5)")
        )
        self.slider = QSlider(Qt.Orientation.Horizontal, self)
        self.slider.setAccessibleName(self.tr("Position"))
        self.slider.setRange(0, 0)
        self.slider.setPageStep(5000)
        self.slider.setSingleStep(1000)
        layout.addWidget(self.slider, 1)
        self.time = QLabel(clock(0), self)
        self.time.setMinimumWidth(110)
        self.time.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(self.time)
        self.speed = QDoubleSpinBox(self)
        self.speed.setRange(MIN_RATE, MAX_RATE)
        self.speed.setSingleStep(RATE_STEP)
        self.speed.setDecimals(1)
        self.speed.setSuffix("×")
        self.speed.setValue(1.0)
        self.speed.setToolTip(self.tr("Speed (Ctrl+Shift+< / >)"))
        self.speed.setAccessibleName(self.tr("Speed"))
        layout.addWidget(self.speed)
        volume_icon = QLabel(self)
        volume_icon.setPixmap(
            style.standardIcon(QStyle.StandardPixmap.SP_MediaVolume).pixmap(16, 16)
        )
        layout.addWidget(volume_icon)
        self.volume = QSlider(Qt.Orientation.Horizontal, self)
        self.volume.setRange(0, 100)
        self.volume.setValue(media.volume)
        self.volume.setFixedWidth(80)
        self.volume.setAccessibleName(self.tr("Volume"))
        self.volume.setToolTip(self.tr("Volume"))
        layout.addWidget(self.volume)

        self.back.clicked.connect(lambda: media.skip(-5000))
        self.forward.clicked.connect(lambda: media.skip(5000))
        self.play.clicked.connect(media.toggle)
        self.slider.sliderMoved.connect(media.seek)
        self.slider.actionTriggered.connect(self._slider_action)
        self.speed.valueChanged.connect(media.set_rate)
        self.volume.valueChanged.connect(media.set_volume)
        media.positionChanged.connect(self._position)
        media.durationChanged.connect(self._duration)
        media.playingChanged.connect(self._playing)
        media.rateChanged.connect(self._rate)
        media.volumeChanged.connect(self.volume.setValue)

    def _slider_action(self, action: int) -> None:
        if action != QSlider.SliderAction.SliderMove.value:
            self.media.seek(self.slider.sliderPosition())

    def _position(self, ms: int) -> None:
        if not self.slider.isSliderDown():
            self.slider.blockSignals(True)
            self.slider.setValue(ms)
            self.slider.blockSignals(False)
        self.time.setText(f"{clock(ms)} / {clock(self.media.duration())}")

    def _duration(self, ms: int) -> None:
        self.slider.setRange(0, max(0, ms))
        self.time.setText(f"{clock(self.media.position())} / {clock(ms)}")

    def _playing(self, playing: bool) -> None:
        icon = (
            QStyle.StandardPixmap.SP_MediaPause if playing else QStyle.StandardPixmap.SP_MediaPlay
        )
        self.play.setIcon(self.style().standardIcon(icon))

    def _rate(self, rate: float) -> None:
        if abs(self.speed.value() - rate) > 1e-6:
            self.speed.blockSignals(True)
            self.speed.setValue(rate)
            self.speed.blockSignals(False)
