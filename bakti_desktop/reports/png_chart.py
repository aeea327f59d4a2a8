"""A stacked 100 % bar chart as a PNG (Pillow), for Word documents.

ReportLab draws the charts of the PDFs; Word needs a picture, and ReportLab's
bitmap renderer needs Cairo, which office laptops do not have. The colours
and order match :func:`bakti_desktop.reports.pdf.ladder_chart`.
"""

from __future__ import annotations

from io import BytesIO

from PIL import Image, ImageDraw, ImageFont

from bakti_desktop.paths import font_path

COLORS = {"basic": (67, 160, 71), "limited": (251, 192, 45), "none": (229, 57, 53)}


def ladder_png(title: str, categories: list[str], counts: dict[str, list[int]], labels: dict[str, str],
               width: int = 1400) -> bytes:
    scale = width / 1400
    font = ImageFont.truetype(str(font_path("DejaVuSans.ttf")), int(22 * scale))
    bold = ImageFont.truetype(str(font_path("DejaVuSans-Bold.ttf")), int(26 * scale))
    bar, gap, left, top = int(34 * scale), int(14 * scale), int(380 * scale), int(70 * scale)
    plot_width = width - left - int(40 * scale)
    height = top + len(categories) * (bar + gap) + int(110 * scale)
    image = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(image)
    draw.text((int(10 * scale), int(15 * scale)), title, font=bold, fill="black")
    for i, name in enumerate(categories):
        y = top + i * (bar + gap)
        total = sum(counts[level][i] for level in COLORS) or 1
        draw.text((left - int(12 * scale), y + bar // 2), name, font=font, fill="black", anchor="rm")
        x = float(left)
        for level, color in COLORS.items():
            w = plot_width * counts[level][i] / total
            if w > 0:
                draw.rectangle([x, y, x + w, y + bar], fill=color)
            x += w
    axis_y = top + len(categories) * (bar + gap)
    for pct in (0, 25, 50, 75, 100):
        x = left + plot_width * pct / 100
        draw.line([x, top - 5, x, axis_y], fill=(200, 200, 200))
        draw.text((x, axis_y + int(8 * scale)), f"{pct}%", font=font, fill="black", anchor="mt")
    x = left
    for level, color in COLORS.items():
        y = axis_y + int(55 * scale)
        draw.rectangle([x, y, x + int(22 * scale), y + int(22 * scale)], fill=color)
        draw.text((x + int(30 * scale), y + int(11 * scale)), labels[level], font=font, fill="black", anchor="lm")
        x += int(300 * scale)
    out = BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()
