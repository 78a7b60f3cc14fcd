"""xwin.py - the little of X11 the window tests need, through ctypes and
Debian's libX11 (no python3-xlib): find a top-level window by its name,
and ask it to close the way a window manager's close button does (a
WM_DELETE_WINDOW client message, ICCCM 4.1.2.7)."""
import ctypes
import ctypes.util


class XClientMessageEvent(ctypes.Structure):
    _fields_ = [("type", ctypes.c_int), ("serial", ctypes.c_ulong),
                ("send_event", ctypes.c_int), ("display", ctypes.c_void_p),
                ("window", ctypes.c_ulong), ("message_type", ctypes.c_ulong),
                ("format", ctypes.c_int), ("data", ctypes.c_long * 5)]


class XEvent(ctypes.Union):
    _fields_ = [("xclient", XClientMessageEvent), ("pad", ctypes.c_long * 24)]


CLIENT_MESSAGE = 33


class X:
    def __init__(self, display):
        name = ctypes.util.find_library("X11") or "libX11.so.6"
        self.lib = lib = ctypes.CDLL(name)
        lib.XOpenDisplay.restype = ctypes.c_void_p
        lib.XOpenDisplay.argtypes = [ctypes.c_char_p]
        lib.XDefaultRootWindow.restype = ctypes.c_ulong
        lib.XDefaultRootWindow.argtypes = [ctypes.c_void_p]
        lib.XQueryTree.argtypes = [ctypes.c_void_p, ctypes.c_ulong,
                                   ctypes.POINTER(ctypes.c_ulong), ctypes.POINTER(ctypes.c_ulong),
                                   ctypes.POINTER(ctypes.POINTER(ctypes.c_ulong)),
                                   ctypes.POINTER(ctypes.c_uint)]
        lib.XFetchName.argtypes = [ctypes.c_void_p, ctypes.c_ulong,
                                   ctypes.POINTER(ctypes.POINTER(ctypes.c_char))]
        lib.XFree.argtypes = [ctypes.c_void_p]
        lib.XInternAtom.restype = ctypes.c_ulong
        lib.XInternAtom.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int]
        lib.XSendEvent.argtypes = [ctypes.c_void_p, ctypes.c_ulong, ctypes.c_int, ctypes.c_long,
                                   ctypes.POINTER(XEvent)]
        lib.XFlush.argtypes = [ctypes.c_void_p]
        lib.XCloseDisplay.argtypes = [ctypes.c_void_p]
        self.dpy = lib.XOpenDisplay(display.encode())
        if not self.dpy:
            raise RuntimeError(f"cannot open X display {display}")

    def close(self):
        self.lib.XCloseDisplay(self.dpy)

    def windows(self, name):
        """Top-level windows (children of the root) named exactly name."""
        root = self.lib.XDefaultRootWindow(self.dpy)
        r, p = ctypes.c_ulong(), ctypes.c_ulong()
        kids = ctypes.POINTER(ctypes.c_ulong)()
        n = ctypes.c_uint()
        found = []
        if self.lib.XQueryTree(self.dpy, root, ctypes.byref(r), ctypes.byref(p),
                               ctypes.byref(kids), ctypes.byref(n)):
            for k in range(n.value):
                s = ctypes.POINTER(ctypes.c_char)()
                if self.lib.XFetchName(self.dpy, kids[k], ctypes.byref(s)) and s:
                    if ctypes.string_at(s).decode(errors="replace") == name:
                        found.append(kids[k])
                    self.lib.XFree(s)
            if kids:
                self.lib.XFree(kids)
        return found

    def close_window(self, win):
        """What a window manager sends for its close button."""
        ev = XEvent()
        ev.xclient.type = CLIENT_MESSAGE
        ev.xclient.window = win
        ev.xclient.message_type = self.lib.XInternAtom(self.dpy, b"WM_PROTOCOLS", 0)
        ev.xclient.format = 32
        ev.xclient.data[0] = self.lib.XInternAtom(self.dpy, b"WM_DELETE_WINDOW", 0)
        ev.xclient.data[1] = 0   # CurrentTime
        self.lib.XSendEvent(self.dpy, win, 0, 0, ctypes.byref(ev))
        self.lib.XFlush(self.dpy)
