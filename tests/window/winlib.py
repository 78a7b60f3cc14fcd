"""winlib.py - what the window tests share: reading images (PNG with
zlib from the standard library, binary PPM), rvemu's font as emu/font.c
draws it, the page map's colours and the window's layout as
docs/window.md gives them, reading text back off the console pane, and
an Xvfb server of the test's own.

Every wait is bounded; the caller's timeout bounds the whole test.
"""
import os
import re
import shutil
import struct
import subprocess
import sys
import time
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "debug"))
from monitor_session import PROMPT, Fail, Session, check  # noqa: E402,F401

SKIP = 77

# ---- docs/window.md: colours ----

UNSEEN, FREE, KERNEL, USER, PAGETABLE = 0x1c1c1c, 0x2a3550, 0x3c78d8, 0x30b040, 0xa050d0
SHARED = {2: 0xffd040, 3: 0xffa020, 4: 0xff6010, 5: 0xe02010}   # 5: five or more
FLASH_FAULT, FLASH_COPY = 0xffffff, 0x00e0ff
CLASS_OF = {UNSEEN: "unseen", FREE: "free", KERNEL: "kernel", USER: "user",
            PAGETABLE: "pagetable"}
CLASS_OF.update({c: f"shared{n}" for n, c in SHARED.items()})


def shared_color(count):
    return SHARED[min(max(count, 2), 5)]


# ---- docs/window.md: the window's layout ----

WIN_W, WIN_H = 1440, 664
CON_X, CON_Y, CON_COLS, CON_ROWS = 8, 8, 80, 25
MAP_X, MAP_Y, MAP_W, MAP_H = 664, 8, 768, 384
STATUS_Y = 456
CELL_W, CELL_H = 8, 16
CONSOLE_FG, CONSOLE_BG = (0xaa, 0xaa, 0xaa), (0, 0, 0)


def map_pitch(npages):
    """Pixels per page-map cell for npages (1 page a cell up to 32768)."""
    for pitch in range(12, 3, -1):
        if (MAP_W // pitch) * (MAP_H // pitch) >= npages:
            return pitch
    return 3


# ---- images ----

class Image:
    def __init__(self, width, height, rows, text=None):
        self.width, self.height, self.rows = width, height, rows
        self.text = text or {}

    def rgb(self, x, y):
        r, g, b = self.rows[y][3 * x:3 * x + 3]
        return r << 16 | g << 8 | b


def _paeth(a, b, c):
    p = a + b - c
    pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
    return a if pa <= pb and pa <= pc else b if pb <= pc else c


def read_png(path):
    """An 8-bit RGB or RGBA, non-interlaced PNG (what libpng writes for the
    page map) as an Image with RGB rows; tEXt chunks in .text."""
    data = open(path, "rb").read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError(f"{path}: not a PNG")
    pos, idat, text = 8, b"", {}
    width = height = depth = ctype = interlace = None
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        pos += 12 + length
        if kind == b"IHDR":
            width, height, depth, ctype, _, _, interlace = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat += body
        elif kind == b"tEXt":
            key, _, value = body.partition(b"\0")
            text[key.decode("latin-1")] = value.decode("latin-1")
        elif kind == b"IEND":
            break
    if depth != 8 or ctype not in (2, 6) or interlace:
        raise ValueError(f"{path}: depth {depth} colour type {ctype} interlace {interlace}")
    bpp = 3 if ctype == 2 else 4
    raw = zlib.decompress(idat)
    stride = width * bpp
    rows, prev, off = [], bytearray(stride), 0
    for _ in range(height):
        ftype, line = raw[off], bytearray(raw[off + 1:off + 1 + stride])
        off += 1 + stride
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b = prev[i]
            c = prev[i - bpp] if i >= bpp else 0
            if ftype == 1:
                line[i] = (line[i] + a) & 0xff
            elif ftype == 2:
                line[i] = (line[i] + b) & 0xff
            elif ftype == 3:
                line[i] = (line[i] + (a + b) // 2) & 0xff
            elif ftype == 4:
                line[i] = (line[i] + _paeth(a, b, c)) & 0xff
        prev = line
        rows.append(bytes(line) if bpp == 3 else
                    bytes(v for k, v in enumerate(line) if k % 4 != 3))
    return Image(width, height, rows, text)


def read_ppm(path):
    """A binary PPM (P6, maxval 255), as ImageMagick writes ppm:FILE."""
    data = open(path, "rb").read()
    fields, pos = [], 0
    while len(fields) < 4:
        while data[pos:pos + 1].isspace():
            pos += 1
        if data[pos:pos + 1] == b"#":
            pos = data.index(b"\n", pos)
            continue
        end = pos
        while not data[end:end + 1].isspace():
            end += 1
        fields.append(data[pos:end])
        pos = end
    pos += 1
    if fields[0] != b"P6" or int(fields[3]) != 255:
        raise ValueError(f"{path}: not an 8-bit P6 PPM")
    w, h = int(fields[1]), int(fields[2])
    return Image(w, h, [data[pos + 3 * w * y:pos + 3 * w * (y + 1)] for y in range(h)])


# ---- the font (emu/font.c is its one source) ----

def load_font(srcdir):
    """{byte: 16 rows of 8 booleans}: the 8x8 art of emu/font.c, each row
    shown twice."""
    src = open(os.path.join(srcdir, "emu", "font.c")).read()
    rows = re.findall(r'^\s*"([.#]{8})"$', src, re.M)
    if len(rows) != 96 * 8:
        raise ValueError(f"emu/font.c: {len(rows)} art rows, want {96 * 8}")
    font = {}
    for g in range(96):
        art = rows[8 * g:8 * g + 8]
        font[0x20 + g] = [[ch == "#" for ch in art[r // 2]] for r in range(16)]
    return font


def cell_pixels(img, x0, y0):
    return [[img.rows[y0 + y][3 * (x0 + x):3 * (x0 + x) + 3] for x in range(8)]
            for y in range(16)]


def glyph_matches(img, x0, y0, glyph, fg=None, bg=None):
    """Does the 8x16 cell at (x0, y0) show glyph? With fg/bg given the
    pixels must be exactly those colours; else any two colours will do
    (lit = different from the cell's top left pixel's)."""
    px = cell_pixels(img, x0, y0)
    if fg is None:
        back = px[0][0]
        return all((px[y][x] != back) == glyph[y][x] for y in range(16) for x in range(8))
    return all(px[y][x] == bytes(fg if glyph[y][x] else bg) for y in range(16) for x in range(8))


def read_text(img, font, x0, y0, cols):
    """The characters of one row of cells ('?' where no glyph matches)."""
    out = []
    for c in range(cols):
        x = x0 + 8 * c
        if x + 8 > img.width:
            break
        hit = "?"
        for ch in (0x20,) + tuple(range(0x21, 0x7f)):
            if glyph_matches(img, x, y0, font[ch]):
                hit = chr(ch)
                break
        out.append(hit)
    return "".join(out).rstrip()


def console_lines(img, font, ox=0, oy=0):
    return [read_text(img, font, ox + CON_X, oy + CON_Y + CELL_H * r, CON_COLS)
            for r in range(CON_ROWS)]


def status_line(img, font, ox=0, oy=0):
    return read_text(img, font, ox + CON_X, oy + STATUS_Y, (WIN_W - CON_X) // 8)


# ---- X ----

class Xvfb:
    """An X server of our own on a free display (-displayfd)."""

    def __init__(self):
        r, w = os.pipe()
        self.proc = subprocess.Popen(["Xvfb", "-displayfd", str(w), "-screen", "0",
                                      "1600x900x24", "-nolisten", "tcp"],
                                     pass_fds=(w,), stdout=subprocess.DEVNULL,
                                     stderr=subprocess.DEVNULL, start_new_session=True)
        os.close(w)
        deadline = time.monotonic() + 30
        buf = b""
        while not buf.endswith(b"\n") and time.monotonic() < deadline:
            chunk = os.read(r, 64)
            if not chunk:
                break
            buf += chunk
        os.close(r)
        if not buf.strip().isdigit():
            self.stop()
            raise RuntimeError("Xvfb did not say which display it took")
        self.display = ":" + buf.strip().decode()

    def stop(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


def need_window_tools(have_sdl, tools=("Xvfb", "import")):
    """Exit 77 with the reason when the window cannot be tested here."""
    if have_sdl != "1":
        print("SKIP: this rvemu was built without SDL2 (libsdl2-dev missing or "
              "-DRVEMU_SDL=OFF): no window to test")
        sys.exit(SKIP)
    for t in tools:
        if not shutil.which(t):
            pkg = {"Xvfb": "xvfb", "import": "imagemagick", "xdotool": "xdotool"}.get(t, t)
            print(f"SKIP: {t} is not installed (Debian's {pkg}; bash scripts/install-deps "
                  "installs it)")
            sys.exit(SKIP)


def find_window(x, name="rvemu", limit=30):
    """The id of the top-level window called name (xwin.X x), waiting for
    it to appear."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        found = x.windows(name)
        if found:
            return found[0]
        time.sleep(0.2)
    return None


def screenshot(display, window, path):
    """The window's pixels, through ImageMagick's import, as an Image."""
    subprocess.run(["import", "-display", display, "-window", hex(window), "-depth", "8",
                    "ppm:" + path], check=True, timeout=60, capture_output=True)
    return read_ppm(path)


# ---- driving the monitor ----

def continue_until(s, text, then=0, limit=20000):
    """At a monitor prompt: continue (to the next stop of the same
    breakpoint) until the console has shown text, then `then` stops
    more. Returns the number of stops passed."""
    n = 0
    while text not in s.out:
        if n == limit:
            s.fail(f"{text!r} not shown after {limit} stops")
        s.command("continue")
        n += 1
    for _ in range(then):
        s.command("continue")
        n += 1
    return n
