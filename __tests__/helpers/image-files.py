"""An image's final files, read from `docker save` with Python's own tarfile:
a reader independent of sizegate's, to check what sizegate says two images share.

    python3 image-files.py ARCHIVE  ->  JSON {path: [kind, mode, uid, gid, digest or link]}

Layers are applied in the order the archive's manifest gives, with the OCI
whiteouts (`.wh.name` removes `name`, `.wh..wh..opq` empties its folder).
"""

import hashlib
import json
import posixpath
import sys
import tarfile

KINDS = {
    tarfile.REGTYPE: "file",
    tarfile.AREGTYPE: "file",
    tarfile.CONTTYPE: "file",
    tarfile.SYMTYPE: "symlink",
    tarfile.LNKTYPE: "hardlink",
    tarfile.DIRTYPE: "directory",
}


def clean(name):
    return posixpath.normpath("/" + name).lstrip("/")


def under(path, folder):
    return folder == "" or path == folder or path.startswith(folder + "/")


def apply_layer(files, layer):
    entries = layer.getmembers()
    for entry in entries:
        path = clean(entry.name)
        base = posixpath.basename(path)
        if base == ".wh..wh..opq":
            folder = posixpath.dirname(path)
            for known in [p for p in files if p != folder and under(p, folder)]:
                del files[known]
        elif base.startswith(".wh."):
            gone = posixpath.join(posixpath.dirname(path), base[4:])
            for known in [p for p in files if under(p, gone)]:
                del files[known]
    for entry in entries:
        path = clean(entry.name)
        if posixpath.basename(path).startswith(".wh."):
            continue
        kind = KINDS.get(entry.type, "other")
        if kind == "file":
            data = layer.extractfile(entry).read()
            # A compiled Python file's header holds its source's timestamp (PEP 552).
            if path.endswith(".pyc"):
                data = data[16:]
            detail = hashlib.sha256(data).hexdigest()
        elif kind == "hardlink":
            detail = clean(entry.linkname)
        elif kind == "symlink":
            detail = entry.linkname
        else:
            detail = ""
        files[path] = [kind, entry.mode & 0o7777, entry.uid, entry.gid, detail]


def main(archive_path):
    with tarfile.open(archive_path) as archive:
        manifest = json.load(archive.extractfile("manifest.json"))
        files = {}
        for layer_path in manifest[0]["Layers"]:
            with tarfile.open(fileobj=archive.extractfile(layer_path), mode="r:*") as layer:
                apply_layer(files, layer)
    json.dump(files, sys.stdout)


main(sys.argv[1])
