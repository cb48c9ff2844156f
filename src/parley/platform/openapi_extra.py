"""Schemas no HTTP route names (the WebSocket's messages) in the OpenAPI document's components, so the
front end's types for them are generated with the rest. The slices' types come in from app.py."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import FastAPI
from pydantic import TypeAdapter

REF_TEMPLATE = "#/components/schemas/{model}"


def component_schemas(types: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Each named type's JSON schema and those it refers to, by name, referring to one another as
    components."""
    schemas: dict[str, Any] = {}
    for name, annotation in types.items():
        schema = TypeAdapter(annotation).json_schema(ref_template=REF_TEMPLATE)
        merge(schemas, {**schema.pop("$defs", {}), name: {"title": name, **schema}})
    return schemas


def merge(schemas: dict[str, Any], extra: dict[str, Any]) -> None:
    """Adds `extra` to `schemas`; a name both hold must mean the same schema in both."""
    for name, schema in extra.items():
        if schemas.setdefault(name, schema) != schema:
            raise ValueError(f"two different schemas are named {name!r} in the OpenAPI document")


def install_extra_schemas(app: FastAPI, types: dict[str, Any]) -> None:
    """Makes `app.openapi()` also hold these types (and those they refer to) in `components/schemas`. A
    name the routes already use must mean the same schema there (an enum both use), or this fails."""
    extra = component_schemas(types)
    build: Callable[[], dict[str, Any]] = app.openapi

    def openapi() -> dict[str, Any]:
        document = build()
        merge(document.setdefault("components", {}).setdefault("schemas", {}), extra)
        return document

    app.openapi = openapi  # type: ignore[method-assign]
