"""Every message kgx shows a user, in one coded table, so that messages stay stable in tests and in bug reports."""

from __future__ import annotations


class _Coded(type):
    """Reading a message gives it with its code in front ("E011: ..."), as spaCy's `ErrorsWithCodes` does: no
    message can reach a user without its code."""

    def __getattribute__(cls, code: str) -> str:
        message = super().__getattribute__(code)
        return message if code.startswith("_") else f"{code}: {message}"


class Errors(metaclass=_Coded):
    E001 = "{path}: no such file or directory"
    E002 = "{path}: not a text file (binary content)"
    E003 = "{path}: not valid UTF-8 (first bad byte at offset {offset})"
    E004 = "{path}: empty, nothing to extract"
    E005 = "{path}:{line}: malformed metadata line: {reason}"
    E006 = "{path}: unsupported input (expected .txt, .md or .jsonl)"
    E007 = "{path}:{line}: duplicate document id '{doc_id}'"
    E008 = "{path}: invalid front matter: {reason}"
    E010 = "{doc_id}: no publication date; relative dates stay unresolved"
    E011 = "{doc_id}: extraction failed: {reason}"
    E012 = "{doc_id}: skipped after {seconds:.0f} s (per-document time limit)"
    E020 = "Knowledge file {path} is invalid: {reason}"
    E021 = "No spaCy pipeline '{name}' is installed. Install it, or pick an installed one with --model."
    E030 = "Unknown export format '{name}'. Known: {known}."
    E031 = "Unknown query '{name}': not a named query, a .rq file, or SPARQL text. Named queries: {known}."
    E032 = "Queries are read-only: SPARQL updates (INSERT, DELETE, LOAD, CLEAR, DROP, CREATE...) are refused."
    E033 = "SPARQL syntax error: {reason}"
    E034 = "The query ran longer than {seconds} s and was stopped."
    E035 = "The query needs a value for ?{name}: pass --param {name}=VALUE."
    E036 = "The query failed: {reason}"
    E037 = "--param '{param}': expected NAME=VALUE, NAME a query variable (letters, digits and _)."
    E038 = "The query gives more than {max_rows} {what} (the server's --max-rows): add a LIMIT, or page with OFFSET."
    E040 = "No store at {path}: run 'kgx extract' first, or point --store / $KGX_STORE at one."
    E041 = "The store at {path} cannot be opened ({reason}): run 'kgx extract' again to rebuild its graph."
    E042 = "Another kgx run is updating the store at {path}; gave up after waiting {seconds:g} s (--wait)."
    E043 = "{doc_id}: no such document in the store"
    E050 = "{path}: not a gold file: {reason}"
    E060 = "All {workers} query workers stayed busy for {seconds} s: try again later."
    E061 = "No query: send it as the 'query' parameter (GET or a form POST) or as a body of type application/sparql-query."
    E062 = "Unsupported request body '{media_type}': use application/x-www-form-urlencoded or application/sparql-query."
    E063 = "URL parameter '{param}' cannot be a query variable (letters, digits and _ only)."
    E064 = "The query needs a value for ?{name}: add {name}=VALUE to the URL."
    E065 = "The request body is not UTF-8 (first bad byte at offset {offset})."
    E070 = "--cluster needs Dask distributed: pip install 'kgx[cluster]'."
    E071 = "Cannot reach the Dask scheduler at {address}: {reason}"
    E072 = "A batch failed on the cluster after its retries: {reason}"
    E073 = "The cluster's workers run another kgx, spaCy pipeline or knowledge ({theirs}) than this client ({ours}): install the same on both."
    E074 = "--slice-triples writes N-Triples files into a folder: use it with --format nt."
    E075 = "Virtuoso's isql client '{isql}' is not installed (Debian: apt-get install virtuoso-opensource; or --isql PATH)."
    E076 = "Loading into Virtuoso at {server} failed: {reason}"
    E077 = "The SPARQL endpoint {endpoint} failed: {reason}"


class KgxError(Exception):
    """An error meant for the user: one line, no traceback."""

    def __init__(self, code: str, **fields: object) -> None:
        self.code = code
        super().__init__(getattr(Errors, code).format(**fields))

    @classmethod
    def from_text(cls, text: str) -> "KgxError":
        """Rebuild an error from its one-line text (it crossed a process boundary as text)."""
        error = cls.__new__(cls)
        Exception.__init__(error, text)
        error.code = text.split(":", 1)[0]
        return error


class InputError(KgxError):
    """A bad input: reported, skipped, and the rest of the corpus goes on."""
