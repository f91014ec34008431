"""Server-Sent Events (the W3C rules the hub's streams follow), read as they arrive."""
import json


def server_sent_events(chunks):
    """(event name, data) for each event in an iterable of byte chunks; `data` is parsed JSON when
    it is JSON. Comments (`: keep-alive`) and fields other than event and data are skipped."""
    name, data = "", []
    for line in _lines(chunks):
        if line == "":
            if data:
                yield (name or "message"), _parsed("\n".join(data))
            name, data = "", []
        elif not line.startswith(":"):
            field, _, value = line.partition(":")
            value = value[1:] if value.startswith(" ") else value
            if field == "event":
                name = value
            elif field == "data":
                data.append(value)


def _lines(chunks):
    buffer = b""
    for chunk in chunks:
        buffer += chunk
        while (cut := _line_end(buffer)) is not None:
            end, width = cut
            yield buffer[:end].decode("utf-8")
            buffer = buffer[end + width:]
    if buffer.endswith(b"\r"):
        # The stream ended, so a final CR is a whole line ending.
        yield from _lines([buffer + b"\n"])


def _line_end(buffer):
    """(index, width) of the first line ending (CRLF, LF or CR), or None when there is none yet."""
    lf, cr = buffer.find(b"\n"), buffer.find(b"\r")
    if cr == -1 or (lf != -1 and lf < cr):
        return None if lf == -1 else (lf, 1)
    if cr + 1 == len(buffer):
        return None  # a CR at the end may be the first half of a CRLF
    return cr, 2 if buffer[cr + 1:cr + 2] == b"\n" else 1


def _parsed(text):
    try:
        return json.loads(text)
    except ValueError:
        return text
