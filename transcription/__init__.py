"""Offline transcription: models, audio, the Whisper engine, speaker turns and resumable jobs.

- ``model_store``: find a Whisper model (folder, user model folder, PyPI model packages).
- ``audio``: probe and decode recordings (PyAV).
- ``windows``: VAD speech windows, the unit of decoding and of resuming.
- ``engine``: load faster-whisper once, turn audio into timed segments with words.
- ``voice`` and ``speakers``: voice features and speaker turns for N speakers.
- ``store``: the storage contract a job writes through (the project implements it).
- ``job``: ``run_transcription``, from a recording to a draft transcript.

Nothing heavy is imported here, so that importing the package stays cheap. The telemetry
opt-outs are set here, before any module of the package can import faster-whisper (and with
it onnxruntime), for callers that use the package without going through an entry point.
"""

from models import offline_env

offline_env.disable()
