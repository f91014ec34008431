"""The report's figures as plain SVG text: grouped bars with error bars, a heatmap, and lines over
categories. Deterministic output (fixed rounding, no timestamps) so regenerated figures diff cleanly."""
from xml.sax.saxutils import escape

FONT = 'font-family="Helvetica, Arial, sans-serif" font-size="12"'
# Colour-blind-safe series colours (Okabe-Ito).
SERIES = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#D55E00", "#56B4E9", "#000000"]


def _n(value):
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _text(x, y, content, anchor="middle", extra=""):
    return f'<text x="{_n(x)}" y="{_n(y)}" text-anchor="{anchor}" {extra}>{escape(str(content))}</text>'


def _document(width, height, title, body):
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{_n(width)}" height="{_n(height)}" '
            f'viewBox="0 0 {_n(width)} {_n(height)}" {FONT}>\n<title>{escape(title)}</title>\n'
            f'<rect width="100%" height="100%" fill="white"/>\n' + "\n".join(body) + "\n</svg>\n")


def _y_axis(body, left, top, height, low, high, ticks=5, label="", right=None):
    for i in range(ticks + 1):
        value = low + (high - low) * i / ticks
        y = top + height - height * i / ticks
        body.append(f'<line x1="{_n(left)}" x2="{_n(left - 4)}" y1="{_n(y)}" y2="{_n(y)}" stroke="#333"/>')
        body.append(f'<line x1="{_n(left)}" x2="{_n(right) if right else "100%"}" y1="{_n(y)}" y2="{_n(y)}" stroke="#ddd" stroke-width="0.5"/>')
        body.append(_text(left - 7, y + 4, f"{value:.2f}", "end"))
    body.append(f'<line x1="{_n(left)}" x2="{_n(left)}" y1="{_n(top)}" y2="{_n(top + height)}" stroke="#333"/>')
    if label:
        body.append(_text(14, top + height / 2, label, extra=f'transform="rotate(-90 14 {_n(top + height / 2)})"'))


def _legend(body, names, x, y):
    for i, name in enumerate(names):
        body.append(f'<rect x="{_n(x)}" y="{_n(y + 18 * i - 10)}" width="12" height="12" fill="{SERIES[i % len(SERIES)]}"/>')
        body.append(_text(x + 18, y + 18 * i, name, "start"))


def grouped_bars(title, groups, series, values, errors=None, y_label="", low=0.0, high=1.0, marks=None):
    """values[g][s] (None: missing) with optional errors[g][s] drawn as +-1 bars; marks[g] is a
    short text above group g (e.g. "*" for a significant difference)."""
    bar, gap = 14, 18
    left, top, bottom = 60, 40, 90
    right = left + len(groups) * (len(series) * bar + gap)
    width = max(right + 160, _title_width(title))
    height, plot = 380, 380 - 40 - 90
    body = [_text(width / 2, 22, title, extra='font-weight="bold" font-size="14"')]
    _y_axis(body, left, top, plot, low, high, label=y_label, right=right)

    def y_of(v):
        return top + plot - plot * (min(max(v, low), high) - low) / (high - low)

    for g, group in enumerate(groups):
        x0 = left + gap / 2 + g * (len(series) * bar + gap)
        for s in range(len(series)):
            v = values[g][s]
            if v is None:
                continue
            x = x0 + s * bar
            body.append(f'<rect x="{_n(x)}" y="{_n(y_of(v))}" width="{bar - 2}" height="{_n(top + plot - y_of(v))}" '
                        f'fill="{SERIES[s % len(SERIES)]}"><title>{escape(group)}, {escape(series[s])}: {v:.3f}</title></rect>')
            e = errors[g][s] if errors else None
            if e:
                cx = x + (bar - 2) / 2
                body.append(f'<line x1="{_n(cx)}" x2="{_n(cx)}" y1="{_n(y_of(v - e))}" y2="{_n(y_of(v + e))}" stroke="#222"/>')
        center = x0 + len(series) * bar / 2
        body.append(_text(center, top + plot + 14, group, "end", f'transform="rotate(-40 {_n(center)} {_n(top + plot + 14)})"'))
        if marks and marks[g]:
            body.append(_text(center, top - 4, marks[g]))
    _legend(body, series, right + 20, top + 10)
    return _document(width, height, title, body)


def _title_width(title, pixels_per_character=7.5):
    """Room for a bold 14 px title (a generous average character width: SVG cannot measure text)."""
    return len(title) * pixels_per_character + 40


def _colour(value, low, high, diverging):
    """White at the centre (diverging) or at low (sequential), blue for high, red for low."""
    if value is None:
        return "#eeeeee"
    if diverging:
        centre = (low + high) / 2
        t = max(-1.0, min(1.0, (value - centre) / ((high - low) / 2)))
        r, g, b = (255 - int(200 * t), 255 - int(130 * t), 255) if t >= 0 else (255, 255 + int(130 * t), 255 + int(200 * t))
    else:
        t = max(0.0, min(1.0, (value - low) / (high - low)))
        r, g, b = 255 - int(225 * t), 255 - int(155 * t), 255 - int(75 * t)
    return f"#{r:02x}{g:02x}{b:02x}"


def heatmap(title, rows, columns, values, low, high, diverging=False, digits=2, cell=44):
    """values[r][c] (None: no value) as coloured cells with the number written in each."""
    left, top = 90, 110
    scale = f"scale: {low:g} (red) .. {(low + high) / 2:g} (white) .. {high:g} (blue)" if diverging else f"scale: {low:g} (white) .. {high:g} (blue)"
    width = max(left + len(columns) * cell + 30, _title_width(title), left + len(scale) * 6.5 + 20)
    height = top + len(rows) * cell + 50
    body = [_text(width / 2, 22, title, extra='font-weight="bold" font-size="14"')]
    for c, name in enumerate(columns):
        x = left + c * cell + cell / 2
        body.append(_text(x, top - 8, name, "start", f'transform="rotate(-50 {_n(x)} {_n(top - 8)})"'))
    for r, name in enumerate(rows):
        y = top + r * cell
        body.append(_text(left - 6, y + cell / 2 + 4, name, "end"))
        for c in range(len(columns)):
            v = values[r][c]
            x = left + c * cell
            fill = _colour(v, low, high, diverging)
            label = "" if v is None else f"{v:.{digits}f}"
            body.append(f'<rect x="{_n(x)}" y="{_n(y)}" width="{cell}" height="{cell}" fill="{fill}" stroke="white">'
                        f'<title>{escape(name)} / {escape(columns[c])}: {label or "n/a"}</title></rect>')
            if label:
                dark = v is not None and abs(v - ((low + high) / 2 if diverging else low)) > 0.6 * (high - low) / (2 if diverging else 1)
                body.append(_text(x + cell / 2, y + cell / 2 + 4, label, extra=f'font-size="10" fill="{"white" if dark else "#111"}"'))
    body.append(_text(left, height - 16, scale, "start", 'font-size="11" fill="#444"'))
    return _document(width, height, title, body)


def line_panels(title, panels, categories, series, y_label="", low=0.0, high=1.0):
    """Small multiples: panels is [(panel title, values[s][k], errors[s][k])], one line per series
    over the categories (evenly spaced), with +-1 error bars."""
    panel_w, panel_h, left, top, gap = 260, 230, 60, 50, 40
    width = max(left + len(panels) * (panel_w + gap) + 150, _title_width(title))
    height = top + panel_h + 60
    body = [_text(width / 2, 22, title, extra='font-weight="bold" font-size="14"')]
    for p, (name, values, errors) in enumerate(panels):
        x_left = left + p * (panel_w + gap)
        _y_axis(body, x_left, top, panel_h, low, high, label=y_label if p == 0 else "", right=x_left + panel_w)
        body.append(_text(x_left + panel_w / 2, top - 8, name, extra='font-weight="bold"'))

        def x_of(k):
            return x_left + 15 + (panel_w - 30) * k / max(1, len(categories) - 1)

        def y_of(v):
            return top + panel_h - panel_h * (min(max(v, low), high) - low) / (high - low)

        body.append(f'<line x1="{_n(x_left)}" x2="{_n(x_left + panel_w)}" y1="{_n(top + panel_h)}" y2="{_n(top + panel_h)}" stroke="#333"/>')
        for k, category in enumerate(categories):
            body.append(_text(x_of(k), top + panel_h + 16, category))
        for s in range(len(series)):
            colour = SERIES[s % len(SERIES)]
            points = [(x_of(k), y_of(v)) for k, v in enumerate(values[s]) if v is not None]
            if len(points) > 1:
                body.append(f'<polyline fill="none" stroke="{colour}" stroke-width="2" points="'
                            + " ".join(f"{_n(x)},{_n(y)}" for x, y in points) + '"/>')
            for k, v in enumerate(values[s]):
                if v is None:
                    continue
                e = errors[s][k] if errors else None
                if e:
                    body.append(f'<line x1="{_n(x_of(k))}" x2="{_n(x_of(k))}" y1="{_n(y_of(v - e))}" y2="{_n(y_of(v + e))}" stroke="{colour}"/>')
                body.append(f'<circle cx="{_n(x_of(k))}" cy="{_n(y_of(v))}" r="3" fill="{colour}">'
                            f'<title>{escape(name)}, {escape(series[s])}, {escape(str(categories[k]))}: {v:.3f}</title></circle>')
        body.append(_text(x_left + panel_w / 2, top + panel_h + 36, "shots"))
    _legend(body, series, left + len(panels) * (panel_w + gap), top + 10)
    return _document(width, height, title, body)
