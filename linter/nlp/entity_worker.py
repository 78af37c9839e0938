"""A pipeline's entity recognizer in a second process, running while the rest of the pipeline
parses the same text here: the server's answer waits for the longer of the two, not their sum.

Only pipelines whose `ner` is their last component and reads no other component's output (its
own tok2vec, as in en_core_web_sm) qualify: the entities found aside are then exactly those the
whole pipeline finds. The child is forked from this process with the pipeline loaded (so it
starts at once, and shares the model's memory); it runs the tokenizer and `ner` only. The text
goes through a pipe to it and nowhere else; if the child fails or is slow, the entities are
found here as usual. Needs fork (Linux, macOS).
"""
from __future__ import annotations

import multiprocessing
import os
import signal
import threading

REPLY_TIMEOUT = 5.0  # seconds; a child that takes longer is stopped and not used again


def runs_aside(nlp) -> bool:
    """Whether a pipeline's entity recognizer can run on its own: it is the last component and
    listens to no shared tok2vec."""
    if nlp.pipe_names[-1:] != ["ner"]:
        return False
    return not any("ner" in getattr(pipe, "listening_components", ()) for _, pipe in nlp.pipeline)


class EntityWorker:
    """A child process that runs one pipeline's `ner` on the texts it is sent."""

    def __init__(self, nlp):
        self._conn, child_conn = multiprocessing.Pipe()
        others = [component for component in nlp.pipe_names if component != "ner"]
        self.pid = os.fork()
        if self.pid == 0:
            self._conn.close()
            status = 1
            try:
                _serve(child_conn, nlp, others)
                status = 0
            finally:
                os._exit(status)
        child_conn.close()
        self._lock = threading.Lock()
        self._ready: bool | None = None  # not known until the child says so

    @property
    def alive(self) -> bool:
        """Whether the child is ready and answering."""
        if self._ready is None:
            self._ready = self._reply() == "ready"
            if not self._ready:
                self.stop()
        return self._ready

    def parse(self, nlp, text: str):
        """nlp(text), with the entities found by the child while the other components run here."""
        if not self.alive:
            return nlp(text)
        with self._lock:
            sent = self._send(text)
            doc = nlp(text, disable=["ner"])
            spans = self._reply() if sent else None
        if spans is None:
            self.stop()
            return nlp.get_pipe("ner")(doc)
        from spacy.tokens import Span

        doc.set_ents([Span(doc, start, end, label=label) for start, end, label in spans], default="outside")
        return doc

    def _send(self, text: str) -> bool:
        try:
            self._conn.send(text)
            return True
        except OSError:
            return False

    def _reply(self):
        """The child's entities, or None when it does not answer in time."""
        try:
            return self._conn.recv() if self._conn.poll(REPLY_TIMEOUT) else None
        except (OSError, EOFError):
            return None

    def stop(self) -> None:
        """Kill the child and reap it."""
        self._ready = False
        try:
            os.kill(self.pid, signal.SIGKILL)
            os.waitpid(self.pid, 0)
        except (ProcessLookupError, ChildProcessError):
            pass
        self._conn.close()


def _serve(conn, nlp, others: list[str]) -> None:
    """The child: answer every text with its entities (token start, token end, label), from the
    tokenizer and `ner` alone, until the pipe closes."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    conn.send("ready")
    while True:
        try:
            text = conn.recv()
        except (EOFError, OSError):
            return
        with nlp.memory_zone():
            conn.send([(ent.start, ent.end, ent.label_) for ent in nlp(text, disable=others).ents])
