// OpenSSL's libcrypto, for SHA-256 of the input files: its implementation uses the CPU's SHA
// instructions where present (about 6x the portable code here). Only
// Sources/AttainmentIO/Hashing/SHA256.swift imports it.
#include <openssl/evp.h>
