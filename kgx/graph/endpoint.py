"""`kgx serve`: a read-only SPARQL 1.1 Protocol endpoint over the store, as a Starlette app on uvicorn.

`/sparql` answers queries (GET, form POST, `application/sparql-query` POST) with the results in the format the
client accepts, and describes the service when asked with no query; `/query/<name>` runs a named query with its
parameters from the URL; `/` is a query page for people. Queries run in `workers.QueryPool`, bounded in time and
rows; the app never writes: it only calls `query` on stores opened read-only.
"""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import AsyncIterator
from urllib.parse import parse_qsl

import pyoxigraph as ox
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse, Response
from starlette.routing import Route

from ..errors import KgxError
from .page import query_page
from .query import PARAMETER, declared_parameters, is_update, named_queries, prepare_query
from .store import KgxStore
from .workers import Job, QueryPool

# Media types (and short names for a `format` parameter) of each query form; the first is the default.
RESULTS_FORMATS = {
    "application/sparql-results+json": "JSON", "application/json": "JSON", "json": "JSON",
    "application/sparql-results+xml": "XML", "application/xml": "XML", "text/xml": "XML", "xml": "XML",
    "text/csv": "CSV", "csv": "CSV",
    "text/tab-separated-values": "TSV", "tsv": "TSV",
}
GRAPH_FORMATS = {
    "text/turtle": "TURTLE", "application/x-turtle": "TURTLE", "turtle": "TURTLE", "ttl": "TURTLE",
    "application/n-triples": "N_TRIPLES", "text/plain": "N_TRIPLES", "nt": "N_TRIPLES", "ntriples": "N_TRIPLES",
    "application/ld+json": "JSON_LD", "application/json": "JSON_LD", "jsonld": "JSON_LD", "json": "JSON_LD",
    "application/rdf+xml": "RDF_XML", "application/xml": "RDF_XML", "xml": "RDF_XML", "rdfxml": "RDF_XML",
}
STATUS = {"E031": 404, "E032": 403, "E033": 400, "E034": 503, "E036": 500, "E038": 422, "E040": 503, "E041": 503,
          "E060": 503, "E061": 400, "E062": 415, "E063": 400, "E064": 400, "E065": 400}
# A query text that failed to parse and names an update operation is refused as an update, not as bad syntax.
UPDATE_WORD = re.compile(r"\b(INSERT|DELETE|LOAD|CLEAR|DROP|CREATE|ADD|MOVE|COPY)\b", re.I)
SD = "http://www.w3.org/ns/sparql-service-description#"
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")


def negotiate(accept: str, choices: dict[str, str]) -> str:
    """The format of `choices` the Accept header ranks highest (q-values, then the header's order, then the
    default: the first choice); a type the header gives with q=0 is never chosen."""
    ranked: list[tuple[float, int, str]] = []
    for position, item in enumerate(accept.split(",")):
        media_type, *params = (part.strip() for part in item.split(";"))
        q = 1.0
        for param in params:
            name, _, value = param.partition("=")
            if name.strip() == "q":
                with contextlib.suppress(ValueError):
                    q = float(value)
        ranked.append((q, -position, media_type.lower()))
    default = next(iter(choices.values()))
    for q, _, media_type in sorted(ranked, reverse=True):
        if q <= 0:
            break
        if media_type in choices:
            return choices[media_type]
        if media_type == "*/*":
            return default
        if media_type.endswith("/*"):
            found = [f for m, f in choices.items() if m.startswith(media_type[:-1])]
            if found:
                return found[0]
    return default


def _accept(request: Request, params: dict[str, list[str]]) -> str:
    """What the client accepts: a `format` parameter (a media type or a short name such as json, csv, ttl) before
    the Accept header, for links and clients that cannot set headers."""
    return (params.get("format") or [request.query_params.get("format", "")])[0] or request.headers.get("accept", "")


def _job(request: Request, sparql: str, params: dict[str, list[str]], own: bool) -> Job:
    accept = _accept(request, params)
    return Job(sparql=sparql, results_format=negotiate(accept, RESULTS_FORMATS),
               graph_format=negotiate(accept, GRAPH_FORMATS),
               default_graphs=tuple(params.get("default-graph-uri", [])),
               named_graphs=tuple(params.get("named-graph-uri", [])), own=own)


def _error(err: KgxError) -> Response:
    return PlainTextResponse(str(err) + "\n", status_code=STATUS.get(err.code, 500))


async def _text(request: Request) -> str:
    try:
        return (await request.body()).decode("utf-8")
    except UnicodeDecodeError as err:
        raise KgxError("E065", offset=err.start) from None


async def _request_parameters(request: Request) -> dict[str, list[str]]:
    """The protocol's parameters, from the URL and from a form or query body; a query body becomes `query`."""
    params: dict[str, list[str]] = {}
    for name, value in request.query_params.multi_items():
        params.setdefault(name, []).append(value)
    if request.method == "POST":
        media_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if media_type == "application/x-www-form-urlencoded":  # parsed here: Starlette's forms need python-multipart
            for name, value in parse_qsl(await _text(request), keep_blank_values=True):
                params.setdefault(name, []).append(value)
        elif media_type == "application/sparql-query":
            params["query"] = [await _text(request)]
        elif media_type == "application/sparql-update":
            raise KgxError("E032")
        elif media_type or await request.body():
            raise KgxError("E062", media_type=media_type)
    if "update" in params:
        raise KgxError("E032")
    return params


class Endpoint:
    """The app's handlers around one store and one pool of query workers."""

    def __init__(self, store: KgxStore, timeout: float, max_rows: int, workers: int) -> None:
        self.pool = QueryPool(store.require(), workers, timeout, max_rows)

    async def _run(self, request: Request, sparql: str, params: dict[str, list[str]], own: bool = False) -> Response:
        if is_update(sparql):
            raise KgxError("E032")
        try:
            media_type, body = await run_in_threadpool(self.pool.run, _job(request, sparql, params, own))
        except KgxError as err:
            if err.code == "E033" and UPDATE_WORD.search(sparql):
                raise KgxError("E032") from None
            raise
        return Response(body, media_type=media_type)

    async def sparql(self, request: Request) -> Response:
        try:
            params = await _request_parameters(request)
            if "query" not in params:
                if request.method == "POST":
                    raise KgxError("E061")
                return self.description(request)
            return await self._run(request, params["query"][0], params)
        except KgxError as err:
            return _error(err)

    async def named(self, request: Request) -> Response:
        """A named query only (never a file path or query text), its parameters from the URL."""
        name = request.path_params["name"]
        known = named_queries()
        values = {k: v for k, v in request.query_params.items() if k != "format"}
        try:
            if name not in known:
                raise KgxError("E031", name=name, known=", ".join(sorted(known)))
            for param in [*values, *declared_parameters(known[name])]:
                if not PARAMETER.match(param):
                    raise KgxError("E063", param=param)
                if param not in values:
                    raise KgxError("E064", name=param)
            sparql, own = prepare_query(name, values)
            return await self._run(request, sparql, {}, own)
        except KgxError as err:
            return _error(err)

    def description(self, request: Request) -> Response:
        """The SPARQL 1.1 Service Description of this endpoint, in the RDF format the client accepts."""
        service, dataset, graph = ox.BlankNode(), ox.BlankNode(), ox.BlankNode()
        sd = lambda name: ox.NamedNode(SD + name)  # noqa: E731
        triples = [
            ox.Triple(service, RDF_TYPE, sd("Service")),
            ox.Triple(service, sd("endpoint"), ox.NamedNode(str(request.url.replace(query="")))),
            ox.Triple(service, sd("supportedLanguage"), sd("SPARQL11Query")),
            ox.Triple(service, sd("defaultEntailmentRegime"), ox.NamedNode("http://www.w3.org/ns/entailment/Simple")),
            ox.Triple(service, sd("defaultDataset"), dataset),
            ox.Triple(dataset, RDF_TYPE, sd("Dataset")),
            ox.Triple(dataset, sd("defaultGraph"), graph),
            ox.Triple(graph, RDF_TYPE, sd("Graph")),
        ]
        formats = {*RESULTS_FORMATS.values()}, {*GRAPH_FORMATS.values()}
        triples += [ox.Triple(service, sd("resultFormat"), ox.NamedNode(getattr(ox.QueryResultsFormat, f).iri))
                    for f in sorted(formats[0])]
        triples += [ox.Triple(service, sd("resultFormat"), ox.NamedNode(getattr(ox.RdfFormat, f).iri))
                    for f in sorted(formats[1])]
        fmt = getattr(ox.RdfFormat, negotiate(_accept(request, {}), GRAPH_FORMATS))
        return Response(ox.serialize(triples, format=fmt, prefixes={"sd": SD}), media_type=fmt.media_type)

    async def page(self, request: Request) -> Response:
        examples = {name: {"query": text, "params": declared_parameters(text)}
                    for name, text in sorted(named_queries().items())}
        return HTMLResponse(query_page(examples))

    @contextlib.asynccontextmanager
    async def lifespan(self, app: Starlette) -> AsyncIterator[None]:
        await run_in_threadpool(self.pool.start)
        try:
            yield
        finally:
            self.pool.stop()


def create_app(store: KgxStore, timeout: float, max_rows: int, workers: int | None = None) -> Starlette:
    """The endpoint as an ASGI app; its query workers start and stop with the app's lifespan."""
    endpoint = Endpoint(store, timeout, max_rows, workers or min(4, os.cpu_count() or 1))
    routes = [Route("/", endpoint.page), Route("/sparql", endpoint.sparql, methods=["GET", "POST"]),
              Route("/query/{name:path}", endpoint.named, methods=["GET"])]
    cors = Middleware(CORSMiddleware, allow_origins=["*"], allow_methods=["GET", "POST"], allow_headers=["*"])
    return Starlette(routes=routes, middleware=[cors], lifespan=endpoint.lifespan)


def serve(store: KgxStore, host: str, port: int, timeout: float, max_rows: int) -> None:
    """Serve the store until interrupted."""
    import uvicorn

    uvicorn.run(create_app(store, timeout, max_rows), host=host, port=port, log_level="warning")
