"""Request and response models of the HTTP API.

The values of a contribution are validated by models generated from the one
contribution layout (``agent.core.contribution.FIELDS``): one strict,
bounded integer per field, no other key. There is no second list of fields.
"""

from __future__ import annotations

from functools import cache
from typing import Annotated, Any, Literal, cast

from pydantic import UUID4, BaseModel, ConfigDict, Field, StrictInt, ValidationError, create_model
from pydantic.json_schema import WithJsonSchema

from contract.contribution import FIELDS, SCHEMA_VERSION, Kind

_UUID4 = "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-4[0-9a-fA-F]{3}-[89abAB][0-9a-fA-F]{3}-[0-9a-fA-F]{12}$"


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


@cache
def values_model(kind: Kind) -> type[BaseModel]:
    """The model of the values of a ``kind`` contribution, generated from the layout."""
    fields: dict[str, Any] = {
        f.name: (Annotated[int, Field(ge=f.low, le=f.high, strict=True)], ...) for f in FIELDS[kind]
    }
    model = create_model(
        f"{kind.value.capitalize()}Values",
        __config__=ConfigDict(extra="forbid"),
        **fields,
    )
    return cast(type[BaseModel], model)


def _values_schema() -> dict[str, Any]:
    return {"anyOf": [values_model(kind).model_json_schema() for kind in Kind]}


class Contribution(Strict):
    """The envelope of MEASURES.md §8; ``values`` is checked against ``kind``'s model."""

    id: Annotated[
        UUID4,
        # "uuid4" is not a JSON Schema format: say it in standard terms.
        WithJsonSchema({"type": "string", "format": "uuid", "pattern": _UUID4}),
    ] = Field(description="A random UUID (version 4), the same on every retry.")
    # Strict: a JSON ``true`` is not the version 1.
    schema_: StrictInt = Field(
        alias="schema",
        ge=SCHEMA_VERSION,
        le=SCHEMA_VERSION,
        description=f"The contribution layout version: {SCHEMA_VERSION}.",
    )
    kind: Kind
    # The form only; whether the period exists, matches the kind, is complete
    # and is recent enough is checked on ingest, with the reason.
    period: str = Field(
        pattern=r"^([0-9]{4}-[0-9]{2}-[0-9]{2}|[0-9]{4}-W[0-9]{2})$",
        description='"YYYY-MM-DD" for a day, "YYYY-Www" (ISO) for a week.',
    )
    values: Annotated[dict[str, Any], WithJsonSchema(_values_schema())]

    model_config = ConfigDict(extra="forbid", populate_by_name=True)


_PERIOD_PATTERNS = {Kind.DAY: r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$", Kind.WEEK: r"^[0-9]{4}-W[0-9]{2}$"}


def contribution_schema() -> dict[str, Any]:
    """The JSON schema of a contribution as the OpenAPI document shows it: one form per kind.

    ``Contribution`` validates the envelope and ``values_problems`` the values
    against the kind; this schema says the same in one document (the kind
    decides the period's form and the values' model), so that clients and
    fuzzers see exactly what is accepted.
    """
    envelope = Contribution.model_json_schema(by_alias=True)["properties"]
    forms = []
    for kind in Kind:
        properties = {
            "id": envelope["id"],
            "schema": envelope["schema"],
            "kind": {"type": "string", "const": kind.value},
            "period": {**envelope["period"], "pattern": _PERIOD_PATTERNS[kind]},
            "values": values_model(kind).model_json_schema(),
        }
        forms.append(
            {
                "title": f"{kind.value.capitalize()}Contribution",
                "type": "object",
                "properties": properties,
                "required": list(properties),
                "additionalProperties": False,
            }
        )
    return {"title": "Contribution", "oneOf": forms}


def values_problems(kind: Kind, values: dict[str, Any]) -> list[dict[str, Any]]:
    """Why ``values`` is not a valid vector of ``kind``, in FastAPI's 422 ``detail`` form."""
    try:
        values_model(kind).model_validate(values)
    except ValidationError as error:
        return [
            {
                "loc": ["body", "values", *error_item["loc"]],
                "msg": error_item["msg"],
                "type": error_item["type"],
            }
            for error_item in error.errors(include_url=False, include_input=False)
        ]
    return []


class EnrollRequest(Strict):
    code: str = Field(max_length=200)


class EnrollResponse(BaseModel):
    device_token: str
    team: str
    department: str


class LeaderEnrollResponse(EnrollResponse):
    """The leader's answer (SPLIT.md): where the helper is, and its HPKE configuration."""

    helper_url: str
    hpke_config: dict[str, Any]


class Accepted(BaseModel):
    accepted: Literal[True] = True


class Duplicate(BaseModel):
    duplicate: Literal[True] = True


class Detail(BaseModel):
    """An error with a human-readable reason."""

    detail: str


class Health(BaseModel):
    status: Literal["ok"] = "ok"


class ReleasedBatch(BaseModel):
    released: Literal[True]
    devices: int
    sums: dict[str, int]


class HeldBatch(BaseModel):
    """Nothing else: no count, no reason that depends on the data."""

    released: Literal[False]


class Stats(BaseModel):
    group: str
    month: str
    release_date: str
    """``YYYY-MM-DD``: the first day the month may be shown; depends on the policy alone."""
    day: ReleasedBatch | HeldBatch
    week: ReleasedBatch | HeldBatch
