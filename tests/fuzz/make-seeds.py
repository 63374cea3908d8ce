#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Writes the generated part of the seed corpora of tests/fuzz/corpus.

    tests/fuzz/make-seeds.py [SHARED_TESTDATA]

Encrypted seeds use the password "test" (SESAME_FUZZ_PASSWORD) and the
least key-derivation work (scrypt N ≤ 1024, PBKDF2 ≤ 1,000 rounds), so the
fuzz targets open them and fuzz what is inside (see sesame-fuzz.c). With
SHARED_TESTDATA (the project's ../shared/testdata), small samples of real
exports are copied too; their sources and licences are in
corpus/README.md. Run it again only to change the seeds: they are in the
tree, and the fuzz tests replay them as they are.
"""

import base64
import hashlib
import hmac
import json
import os
import shutil
import struct
import sys

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM, ChaCha20Poly1305
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

HERE = os.path.dirname(os.path.abspath(__file__))
CORPUS = os.path.join(HERE, "corpus")
PASSWORD = b"test"

# Fixed "random" bytes: the seeds are the same on every run.
def det(label, size):
    out = b""
    counter = 0
    while len(out) < size:
        out += hashlib.sha256(f"{label}/{counter}".encode()).digest()
        counter += 1
    return out[:size]


def write(target, name, data):
    os.makedirs(os.path.join(CORPUS, target), exist_ok=True)
    if isinstance(data, str):
        data = data.encode()
    with open(os.path.join(CORPUS, target, name), "wb") as f:
        f.write(data)


ACCOUNTS = [
    {"version": 1, "uuid": "0b3f8f6e-5c7a-4d0e-9d43-1d2f0c5b7a11", "type": "totp", "issuer": "GitHub",
     "name": "alice@example.com", "secret": "JBSWY3DPEHPK3PXP", "algorithm": "SHA1", "digits": 6,
     "period": 30, "counter": 0, "created": 1700000000, "last_used": 0, "favorite": True,
     "note": "Personal account", "groups": ["Work"],
     "recovery_codes": [{"code": "1111-2222", "used": False}, {"code": "3333-4444", "used": True}]},
    {"version": 1, "uuid": "6a1d3f1c-2b4e-4c8a-9e7f-0a1b2c3d4e5f", "type": "hotp", "issuer": "Air Canada",
     "name": "Benjamin", "secret": "KUVJJOM753IHTNDSZVCNKL7GII", "algorithm": "SHA256", "digits": 7,
     "period": 30, "counter": "18446744073709551615", "created": 1700000001, "last_used": 1700000100,
     "favorite": False, "note": "", "groups": []},
    {"version": 1, "uuid": "9c2e7d4b-8a1f-4e3d-b6c5-d4e3f2a1b0c9", "type": "steam", "issuer": "Steam",
     "name": "gabe", "secret": "JRZCL47CMXVOQMNPZR2F7J4RGI", "algorithm": "SHA1", "digits": 5,
     "period": 30, "future_member": {"kept": [1, 2]}},
    {"uuid": "d2c1b0a9-f8e7-4d6c-9b5a-493827161504", "secret": "7ELGJSGXNCCTV3O6LKJWYFV2RA",
     "type": "totp", "issuer": "Ünïcödé ✓", "name": "name:with:colons", "algorithm": "SHA512",
     "digits": 10, "period": 1},
]


def backup_document(accounts):
    return json.dumps({"format": "sesame-backup", "version": 1, "created": "2026-11-25T12:30:05Z",
                       "generator": "Sesame 0.1.0", "accounts": accounts}, ensure_ascii=False, indent=2)


# --- age (https://c2sp.org/age), scrypt recipient -------------------------

def b64_unpadded(data):
    return base64.b64encode(data).decode().rstrip("=")


def hkdf(ikm, salt, info):
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=salt, info=info).derive(ikm)


def age_encrypt(plaintext, log_n=1, label="age", password=PASSWORD):
    file_key = det(label + "/file-key", 16)
    salt = det(label + "/salt", 16)
    wrap_key = hashlib.scrypt(password, salt=b"age-encryption.org/v1/scrypt" + salt,
                              n=1 << log_n, r=8, p=1, dklen=32)
    body = ChaCha20Poly1305(wrap_key).encrypt(b"\0" * 12, file_key, None)
    encoded = b64_unpadded(body)
    lines = [encoded[i:i + 64] for i in range(0, len(encoded), 64)]
    if len(lines[-1]) == 64:
        lines.append("")
    header = "age-encryption.org/v1\n-> scrypt %s %d\n%s\n---" % (b64_unpadded(salt), log_n, "\n".join(lines))
    mac = hmac.new(hkdf(file_key, b"", b"header"), header.encode(), hashlib.sha256).digest()
    out = (header + " " + b64_unpadded(mac) + "\n").encode()
    nonce = det(label + "/nonce", 16)
    out += nonce
    key = hkdf(file_key, nonce, b"payload")
    chunks = [plaintext[i:i + 65536] for i in range(0, len(plaintext), 65536)] or [b""]
    for i, chunk in enumerate(chunks):
        last = i == len(chunks) - 1
        chunk_nonce = i.to_bytes(11, "big") + (b"\1" if last else b"\0")
        out += ChaCha20Poly1305(key).encrypt(chunk_nonce, chunk, None)
    return out


def armor(data):
    encoded = base64.b64encode(data).decode()
    lines = [encoded[i:i + 64] for i in range(0, len(encoded), 64)]
    return ("-----BEGIN AGE ENCRYPTED FILE-----\n" + "\n".join(lines) +
            "\n-----END AGE ENCRYPTED FILE-----\n").encode()


# --- foreign formats ------------------------------------------------------

AEGIS_ENTRIES = [
    {"type": "totp", "uuid": "01234567-89ab-4def-8123-456789abcdef", "name": "Mason", "issuer": "Deno",
     "note": "", "favorite": False, "icon": None,
     "info": {"secret": "4SJHB4GSD43FZBAI7C2HLRJGPQ", "algo": "SHA1", "digits": 6, "period": 30}},
    {"type": "hotp", "uuid": "11234567-89ab-4def-8123-456789abcdef", "name": "James", "issuer": "Issuu",
     "note": "", "favorite": True, "icon": None,
     "info": {"secret": "YOOMIXWS5GN6RTBPUFFWKTW5M4", "algo": "SHA1", "digits": 6, "counter": 1}},
    {"type": "steam", "uuid": "21234567-89ab-4def-8123-456789abcdef", "name": "Sophia", "issuer": "Boeing",
     "note": "", "favorite": False, "icon": None,
     "info": {"secret": "JRZCL47CMXVOQMNPZR2F7J4RGI", "algo": "SHA1", "digits": 5, "period": 30}},
]


def aegis_encrypted():
    db = json.dumps({"version": 2, "entries": AEGIS_ENTRIES, "groups": []}).encode()
    master = det("aegis/master", 32)
    salt = det("aegis/salt", 32)
    n = 1024
    slot_key = hashlib.scrypt(PASSWORD, salt=salt, n=n, r=8, p=1, dklen=32)
    slot_nonce = det("aegis/slot-nonce", 12)
    wrapped = AESGCM(slot_key).encrypt(slot_nonce, master, None)
    db_nonce = det("aegis/db-nonce", 12)
    sealed = AESGCM(master).encrypt(db_nonce, db, None)
    vault = {
        "version": 1,
        "header": {
            "slots": [
                {"type": 2, "uuid": "a1b2c3d4-0000-4000-8000-000000000000", "key": "00" * 32,
                 "key_params": {"nonce": "00" * 12, "tag": "00" * 16}},
                {"type": 1, "uuid": "a1b2c3d4-0000-4000-8000-000000000001", "key": wrapped[:-16].hex(),
                 "key_params": {"nonce": slot_nonce.hex(), "tag": wrapped[-16:].hex()},
                 "n": n, "r": 8, "p": 1, "salt": salt.hex(), "repaired": True, "is_backup": False},
            ],
            "params": {"nonce": db_nonce.hex(), "tag": sealed[-16:].hex()},
        },
        "db": base64.b64encode(sealed[:-16]).decode(),
    }
    return json.dumps(vault, indent=4)


def aegis_plain():
    return json.dumps({"version": 1, "header": {"slots": None, "params": None},
                       "db": {"version": 2, "entries": AEGIS_ENTRIES, "groups": [
                           {"uuid": "31234567-89ab-4def-8123-456789abcdef", "name": "Work"}]}}, indent=4)


ANDOTP = [
    {"secret": "4SJHB4GSD43FZBAI7C2HLRJGPQ======", "issuer": "Deno", "label": "Mason", "digits": 6,
     "type": "TOTP", "algorithm": "SHA1", "thumbnail": "Default", "last_used": 0, "used_frequency": 0,
     "period": 30, "tags": ["a"]},
    {"secret": "YOOMIXWS5GN6RTBPUFFWKTW5M4", "issuer": "Issuu", "label": "James", "digits": 6,
     "type": "HOTP", "algorithm": "SHA1", "counter": 1, "tags": []},
    {"secret": "JRZCL47CMXVOQMNPZR2F7J4RGI", "issuer": "Boeing", "label": "Sophia", "digits": 5,
     "type": "STEAM", "algorithm": "SHA1", "period": 30, "tags": []},
]


def andotp_encrypted():
    plain = json.dumps(ANDOTP).encode()
    iterations = 1000
    salt = det("andotp/salt", 12)
    nonce = det("andotp/nonce", 12)
    key = hashlib.pbkdf2_hmac("sha1", PASSWORD, salt, iterations, 32)
    return struct.pack(">I", iterations) + salt + nonce + AESGCM(key).encrypt(nonce, plain, None)


def andotp_encrypted_old():
    plain = json.dumps(ANDOTP).encode()
    nonce = det("andotp-old/nonce", 12)
    key = hashlib.sha256(PASSWORD).digest()
    return nonce + AESGCM(key).encrypt(nonce, plain, None)


# --- Google Authenticator migration payloads ------------------------------

def varint(n):
    out = b""
    n &= (1 << 64) - 1
    while True:
        byte = n & 0x7F
        n >>= 7
        if n:
            out += bytes([byte | 0x80])
        else:
            return out + bytes([byte])


def field(number, wire, value):
    key = varint(number << 3 | wire)
    if wire == 0:
        return key + varint(value)
    return key + varint(len(value)) + value


def otp_parameters(secret, name, issuer, algorithm=1, digits=1, kind=2, counter=0):
    out = field(1, 2, secret) + field(2, 2, name.encode()) + field(3, 2, issuer.encode())
    out += field(4, 0, algorithm) + field(5, 0, digits) + field(6, 0, kind)
    if counter:
        out += field(7, 0, counter)
    return out


def migration_payload(params, batch_size=1, batch_index=0, batch_id=-123456):
    out = b"".join(field(1, 2, p) for p in params)
    return out + field(2, 0, 1) + field(3, 0, batch_size) + field(4, 0, batch_index) + field(5, 0, batch_id)


def migration_uri(payload):
    from urllib.parse import quote
    return "otpauth-migration://offline?data=" + quote(base64.b64encode(payload).decode(), safe="")


URIS = {
    "totp-full": "otpauth://totp/ACME%20Co:john.doe@email.com?secret=HXDMVJECJJWSRB3HWIZR4IFUGFTMXBOZ"
                 "&issuer=ACME%20Co&algorithm=SHA1&digits=6&period=30",
    "totp-minimal": "otpauth://totp/alice?secret=JBSWY3DPEHPK3PXP",
    "totp-sha512": "otpauth://totp/Airbnb:Elijah?secret=7ELGJSGXNCCTV3O6LKJWYFV2RA&algorithm=SHA512"
                   "&digits=8&period=50",
    "hotp": "otpauth://hotp/Issuu:James?secret=YOOMIXWS5GN6RTBPUFFWKTW5M4&counter=18446744073709551615",
    "steam-type": "otpauth://steam/Boeing:Sophia?secret=JRZCL47CMXVOQMNPZR2F7J4RGI&issuer=Boeing",
    "steam-scheme": "steam://JRZCL47CMXVOQMNPZR2F7J4RGI",
    "padded-lower": "otpauth://totp/Example:bob?secret=jbsw%20y3dp%20ehpk%203pxp%3D%3D%3D&issuer=Example",
    "plus-space": "otpauth://totp/Air%20Canada:Benjamin?secret=KUVJJOM753IHTNDSZVCNKL7GII&issuer=Air+Canada",
    "utf8": "otpauth://totp/%C3%9Cn%C3%AFc%C3%B6d%C3%A9:%E2%9C%93?secret=JBSWY3DPEHPK3PXP&issuer=%C3%9Cn%C3%AFc%C3%B6d%C3%A9",
    "ente": "otpauth://totp/Deno:Mason?secret=4SJHB4GSD43FZBAI7C2HLRJGPQ&issuer=Deno&algorithm=sha1"
            "&digits=6&period=30&codeDisplay=%7B%22pinned%22%3Afalse%7D",
}


# --- QR code images ------------------------------------------------------

def qr_modules(text):
    """The modules of a QR code of @text (libqrencode, the library Sesame
    itself draws codes with), as rows of booleans."""
    import ctypes

    class QRcode(ctypes.Structure):
        _fields_ = [("version", ctypes.c_int), ("width", ctypes.c_int), ("data", ctypes.POINTER(ctypes.c_ubyte))]

    lib = ctypes.CDLL("libqrencode.so.4")
    lib.QRcode_encodeString.restype = ctypes.POINTER(QRcode)
    lib.QRcode_encodeString.argtypes = [ctypes.c_char_p, ctypes.c_int, ctypes.c_int, ctypes.c_int, ctypes.c_int]
    code = lib.QRcode_encodeString(text.encode(), 0, 0, 2, 1).contents  # any version, EC level L, 8-bit
    width = code.width
    rows = [[bool(code.data[y * width + x] & 1) for x in range(width)] for y in range(width)]
    lib.QRcode_free(ctypes.byref(code))
    return rows


def qr_gray(text, module=2, quiet=4, invert=False):
    rows = qr_modules(text)
    side = (len(rows) + 2 * quiet) * module
    out = bytearray(b"\xff" * side * side)
    for y, row in enumerate(rows):
        for x, dark in enumerate(row):
            if dark != invert:
                for dy in range(module):
                    start = ((y + quiet) * module + dy) * side + (x + quiet) * module
                    out[start:start + module] = b"\0" * module
    if invert:
        out = bytearray(255 - b if i % side >= 0 else b for i, b in enumerate(out))
    return side, bytes(out)


def image_file(side, gray, extension):
    import subprocess
    import tempfile
    with tempfile.TemporaryDirectory() as tmp:
        pgm = os.path.join(tmp, "in.pgm")
        out = os.path.join(tmp, "out." + extension)
        with open(pgm, "wb") as f:
            f.write(b"P5 %d %d 255\n" % (side, side) + gray)
        subprocess.run(["convert", pgm, "-strip", out], check=True)
        with open(out, "rb") as f:
            return f.read()


def main():
    shared = sys.argv[1] if len(sys.argv) > 1 else None

    # QR codes: image files (qr-image) and raw pixels (qr-pixels)
    side, gray = qr_gray(URIS["totp-minimal"])
    for extension in ["png", "jpg", "bmp", "gif"]:
        write("qr-image", "totp." + extension, image_file(side, gray, extension))
    side_m, gray_m = qr_gray(migration_uri(migration_payload([otp_parameters(
        bytes.fromhex("FAA505E933A0D12E90BEEA96C8C10836"), "pi@raspberrypi", "raspberrypi")])), module=1, quiet=2)
    write("qr-image", "migration.png", image_file(side_m, gray_m, "png"))
    write("qr-image", "not-an-image", b"GIF89a")
    # qr-pixels: [width - 1][repeat - 1 | pad << 2][pixels]; a 1-pixel module code, repeated twice
    side_s, gray_s = qr_gray("otpauth://totp/a?secret=JBSWY3DPEHPK3PXP", module=1, quiet=2)
    write("qr-pixels", "code-repeat2", bytes([side_s - 1, 1]) + gray_s)
    write("qr-pixels", "code-inverted-padded", bytes([side_s - 1, 0 | 2 << 2]) + bytes(255 - b for b in gray_s))
    write("qr-pixels", "flat", bytes([15, 3]) + b"\x80" * 256)
    write("qr-pixels", "one-pixel", bytes([0, 0, 0]))

    # otpauth, payload
    for name, uri in URIS.items():
        write("otpauth", name, uri)
        write("payload", name, uri)
    payload_more = {
        "web-link": "https://example.com/login?next=/settings",
        "wifi": "WIFI:T:WPA;S:home;P:hunter22;;",
        "upper-scheme": "OTPAUTH://TOTP/A?SECRET=JBSWY3DPEHPK3PXP",
        "binary": b"otpauth://totp/\x00\xff\xfe?secret=JBSWY3DPEHPK3PXP",
        "text": "remember the milk",
    }
    for name, data in payload_more.items():
        write("payload", name, data)

    # base32
    for name, text in {"rfc4648": "MZXW6YTBOI======", "plain": "JBSWY3DPEHPK3PXP",
                       "spaced-lower": "jbsw y3dp ehpk 3pxp", "long": "KUVJJOM753IHTNDSZVCNKL7GII" * 8,
                       "bad-char": "JBSWY3DP1", "empty": "", "padding-only": "========"}.items():
        write("base32", name, text)

    # account JSON (keyring) and backup documents
    for i, account in enumerate(ACCOUNTS):
        write("account-json", "account-%d" % i, json.dumps(account, ensure_ascii=False))
    write("account-json", "newer-version", json.dumps(dict(ACCOUNTS[0], version=2)))
    doc = backup_document(ACCOUNTS)
    write("backup", "backup", doc)
    write("backup", "one-bad-entry", backup_document(ACCOUNTS[:1] + [{"secret": "1!", "digits": 99}]))
    write("backup", "newer-version", doc.replace('"version": 1,', '"version": 2,', 1))
    write("backup", "not-sesame", json.dumps({"format": "something-else", "version": 1, "accounts": []}))

    # age
    sealed = age_encrypt(doc.encode(), log_n=1, label="age-backup")
    write("age", "backup", sealed)
    write("age", "backup-armored", armor(sealed))
    write("age", "empty-payload", age_encrypt(b"", log_n=2, label="age-empty"))
    write("age", "two-chunks", age_encrypt(bytes(range(256)) * 260, log_n=1, label="age-chunks"))
    write("age", "other-passphrase", age_encrypt(b"age", log_n=1, label="age-other", password=b"hunter2"))

    # Google migration payloads: raw protobuf, and as URIs
    secret = bytes.fromhex("FAA505E933A0D12E90BEEA96C8C10836")
    one = migration_payload([otp_parameters(secret, "pi@raspberrypi", "raspberrypi")])
    several = migration_payload([
        otp_parameters(secret, "hotp demo", "", kind=1, counter=4),
        otp_parameters(secret, "sha256", "Example", algorithm=2, digits=2),
        otp_parameters(secret, "md5", "Example", algorithm=4),
        otp_parameters(b"", "no secret", ""),
    ], batch_size=2, batch_index=1)
    write("migration", "one.pb", one)
    write("migration", "several.pb", several)
    write("migration", "one-uri", migration_uri(one))
    write("migration", "several-uri", migration_uri(several))
    write("payload", "migration", migration_uri(one))

    # importers: generated files
    write("import", "sesame-backup.age", sealed)
    write("import", "aegis-encrypted.json", aegis_encrypted())
    write("import", "aegis-plain.json", aegis_plain())
    write("import", "andotp.json", json.dumps(ANDOTP))
    write("import", "andotp-encrypted.bin", andotp_encrypted())
    write("import", "andotp-encrypted-old.bin", andotp_encrypted_old())
    write("import", "uris.txt", "# exported\n\n" + "\n".join(URIS.values()) + "\n" + migration_uri(several) + "\n")

    if shared:
        copies = {
            "aegis-importers": ["aegis_plain.json", "aegis_plain_grouped_v2.json", "2fas_authenticator.json",
                                "2fas_authenticator_plain_v4.2fas", "2fas_authenticator_encrypted_v4.2fas",
                                "freeotp_plus.json", "bitwarden.json", "bitwarden.csv", "plain.txt",
                                "ente_auth.txt", "andotp_plain.json", "proton_authenticator.json",
                                "stratum_plain.json", "steam.json", "duo.json", "freeotp.xml",
                                "steam_old.json", "stratum_encrypted.bin", "stratum_encrypted_legacy.bin",
                                "freeotp_v2_api34.xml", "totp_authenticator.bin", "authy_plain.xml",
                                "authy_encrypted.xml", "battle_net_authenticator.xml",
                                "google_authenticator.sqlite", "microsoft_authenticator.sqlite"],
            "gauth-migration": ["example_export.txt", "test_plus_problem_export.txt"],
        }
        for folder, names in copies.items():
            for name in names:
                shutil.copyfile(os.path.join(shared, folder, name), os.path.join(CORPUS, "import", name))
        # age conformance vectors: the age file without the text header.
        for name in ["scrypt", "armor_scrypt", "scrypt_bad_tag", "scrypt_double", "scrypt_work_factor_23",
                     "scrypt_not_canonical_body", "scrypt_uppercase", "scrypt_and_x25519"]:
            with open(os.path.join(shared, "age-testkit", name), "rb") as f:
                data = f.read()
            write("age", "testkit-" + name, data.split(b"\n\n", 1)[1])
        # Migration URIs of a real export, one per file.
        with open(os.path.join(shared, "gauth-migration", "example_export.txt")) as f:
            uris = [line.strip() for line in f if line.startswith("otpauth-migration:")]
        for i, uri in enumerate(uris):
            write("migration", "example-export-%d" % i, uri)


if __name__ == "__main__":
    main()
