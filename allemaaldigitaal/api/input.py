"""What every API request passes before its view: no control characters in its query string or JSON body.

A NUL byte breaks a PostgreSQL query and other control characters end up stored unseen, so the
API refuses them for every endpoint, also for ones added later: one before_request hook, not a
rule each schema has to remember.
"""
from collections.abc import Iterator

from flask import request
from flask_babel import gettext as _

from allemaaldigitaal.web.problems import problem_response
from allemaaldigitaal.web.text import CONTROL_CHARACTER_MESSAGE, has_control_characters

from .auth import is_api_request

#: how many objects and lists a JSON body may hold one inside the other; deeper bodies are refused
MAX_JSON_DEPTH = 32
#: the field name marshmallow uses for an error about the whole body
WHOLE_BODY = "_schema"


class TooDeep(ValueError):
    """JSON nested deeper than MAX_JSON_DEPTH."""


def refuse_control_characters():
    """before_request: 422 naming every field whose text holds a control character; 400 for JSON nested too deep."""
    if not is_api_request() or request.routing_exception is not None:
        return None
    try:
        body = _json_body()
        errors = {
            "query": _nest(_query_paths()),
            "json": _nest(_json_paths(body)),
        }
    except TooDeep:
        detail = _("De JSON heeft te veel lagen in elkaar. Stuur hoogstens %(depth)s lagen.", depth=MAX_JSON_DEPTH)
        return problem_response(400, detail)
    errors = {location: fields for location, fields in errors.items() if fields}
    if errors:
        return problem_response(422, str(CONTROL_CHARACTER_MESSAGE), errors)
    return None


def _json_body():
    """The parsed JSON body, None when there is none or it is not valid JSON (the view's parser answers that)."""
    try:
        return request.get_json(silent=True)
    except RecursionError as error:
        raise TooDeep from error


def _query_paths() -> Iterator[tuple[str, ...]]:
    for name, values in request.args.lists():
        if has_control_characters(name) or any(has_control_characters(value) for value in values):
            yield (name,)


def _json_paths(body) -> Iterator[tuple[str, ...]]:
    """The path (keys and list positions) to each string, or object key, with a control character."""
    stack = [((), body)]
    while stack:
        path, value = stack.pop()
        if isinstance(value, dict | list) and len(path) >= MAX_JSON_DEPTH:
            raise TooDeep
        if isinstance(value, str):
            if has_control_characters(value):
                yield path
        elif isinstance(value, dict):
            for key, item in value.items():
                if has_control_characters(key):
                    yield (*path, key)
                else:
                    stack.append(((*path, key), item))
        elif isinstance(value, list):
            stack.extend(((*path, str(index)), item) for index, item in enumerate(value))


def _nest(paths: Iterator[tuple[str, ...]]) -> dict:
    """Field errors nested as marshmallow nests them: {"devices": {"0": {"serial": [message]}}}."""
    errors: dict = {}
    for path in paths:
        *parents, last = path or (WHOLE_BODY,)
        node = errors
        for part in parents:
            node = node.setdefault(part, {})
        node[last] = [str(CONTROL_CHARACTER_MESSAGE)]
    return errors
