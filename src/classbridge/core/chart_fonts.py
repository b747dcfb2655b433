"""The settings every ClassBridge chart is drawn with: names literally, Chinese in a Chinese font.

Matplotlib's default font has no Chinese, so a zh-TW chart title, a room named
蘭嶼 or a trainee named 王小明 came out as empty boxes. Matplotlib (3.6+)
falls back font by font, per character, when ``font.family`` lists several;
only installed families are listed, since it warns about each missing one.
``scripts/test.sh`` and Binder install Debian's ``fonts-noto-cjk``.
"""

from __future__ import annotations

#: Fonts that draw Traditional Chinese, tried after the default for any character it lacks.
CJK_FONTS = (
    "Noto Sans CJK TC",
    "Noto Sans TC",
    "Source Han Sans TC",
    "Microsoft JhengHei",
    "PingFang TC",
    "Heiti TC",
    "Noto Sans CJK JP",
    "Noto Sans CJK SC",
    "WenQuanYi Zen Hei",
    "AR PL UMing TW",
)


def chart_style() -> dict:
    """A ``matplotlib.rc_context`` for a chart: no math parsing ($ in names), CJK fallback."""
    from matplotlib import font_manager, rcParams

    installed = {font.name for font in font_manager.fontManager.ttflist}
    fallback = [name for name in CJK_FONTS if name in installed]
    style: dict = {"text.parse_math": False}
    if fallback:
        style["font.family"] = [*rcParams["font.sans-serif"][:1], *fallback]
    return style
