"""Run at start-up by every Python a test not marked `model` starts (conftest puts this folder on PYTHONPATH):
importing the statistical pipeline there fails and names the test, so a test that loads it cannot stay unmarked."""

import os
import sys

TEST, _, MODELS = os.environ.get("KGX_TEST_NO_MODEL", "").partition("\n")


class RefuseModel:
    """An import hook that refuses the statistical pipeline's packages."""

    @staticmethod
    def find_spec(name, path=None, target=None):
        if name.partition(".")[0] in MODELS.split():
            raise ImportError(f"{TEST} loads the statistical model ({name}) but is not marked `model`")
        return None


if TEST:
    sys.meta_path.insert(0, RefuseModel)
