"""Encrypted projects: the database through SQLCipher, recordings with AES-GCM.

A project with a password is one SQLCipher database (every page encrypted and authenticated)
and a media folder of ``.enc`` files. The recordings' key is random and lives inside the
encrypted database, so changing the password re-keys the database alone and never rewrites
gigabytes of audio. Importing this package is cheap: sqlcipher3 and cryptography load on use.
"""
