"""The real settings with a quick password hash, for the end-to-end tests' new processes:
the demo sets and checks dozens of passwords, each a third of a second with PBKDF2."""

from gongkai.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
