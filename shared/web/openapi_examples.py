"""An example for every schema of an OpenAPI document, so every operation shows a request body
and an answer a newcomer can copy.

A model's own example (`json_schema_extra={"examples": [...]}`) is kept as written. A model
without one gets one composed from its fields: each field's own example (the shared types carry
theirs: an IC `900101-14-5678`, money `"1234.50"`, a day, an instant in +08:00), an enum's first
value, its default, else a realistic value for fields of that name (`NAMED` below), else one
of its type. Nested models compose the same way, so a field's example is written once.
"""

from __future__ import annotations

from typing import Any

from shared.kernel.dates import INSTANT_EXAMPLE

DAY = "2025-08-18"
_UUID = "3f2b8c1e-5d4a-4e6b-9c7d-2a1b0c9d8e7f"

# Values for fields named so across the services, each valid where it is asked for.
NAMED: dict[str, Any] = {
    "employer_code": "E1000001",
    "appellant_employer_code": "E1000001",
    "reference": "E1000001-202507-01-8",
    "ic": "900101-14-5678",
    "applicant_ic": "900101-14-5678",
    "appellant_ic": "900101-14-5678",
    "borrower_ic": "900101-14-5678",
    "spouse_ic": "880315-10-5432",
    "name": "Siti Aminah binti Abdullah",
    "applicant_name": "Nur Aisyah binti Ahmad",
    "appellant_name": "Ahmad bin Ismail",
    "representative_name": "Tan Wei Ming",
    "counsellor": "Puan Rohani binti Yusof",
    "appointed_by": "Minister of Human Resources",
    "officer": "officer-1",
    "actor": "officer-1",
    "requested_by": "officer-1",
    "decided_by": "officer-2",
    "approved_by": "officer-2",
    "bank_code": "MBB",
    "bank_txn_id": "MBB-20250814-000123",
    "original_bank_txn_id": "MBB-20250801-000077",
    "epf_reference": "KWSP-2025-000456",
    "loan_account": "LN-2025-000123",
    "centre_id": "HDKL01",
    "board_code": "B05",
    "case_number": "SSAB/B05/2025/0007",
    "board_permission_reference": "SSAB/PERM/2025/012",
    "mycoid": "201901012345",
    "address": "Lot 12, Jalan Perusahaan 3, 40000 Shah Alam, Selangor",
    "institution": "Universiti Malaya",
    "programme": "Bachelor of Engineering (Civil)",
    "diagnosis": "ESRF",
    "section": "84",
    "matter": "Invalidity pension refused",
    "title": "Medical board report",
    "reason": "The employer's records show the wage was paid late",
    "reasons": "The medical evidence supports the claim",
    "note": "Patient needs transport to the centre three times a week",
    "summary": "disbursement approved by officer-2: amount 4500.00",
    "sector": "e-hailing driver",
    "seat": "Kuala Lumpur",
    "region": "Central",
    "month": "2025-07",
    "documents": ["offer_letter", "ic_copy"],
    "session_dates": ["2025-08-04", "2025-08-06", "2025-08-08"],
    "event_type": "loan.disbursed",
    "context": "loan",
    "action": "disburse",
    "record_key": "loan:3f2b8c1e-5d4a-4e6b-9c7d-2a1b0c9d8e7f",
    "source": "loan",
    "subject": "3f2b8c1e-5d4a-4e6b-9c7d-2a1b0c9d8e7f",
    "consumer": "appeals-decisions",
    "last_error": "database unreachable",
    "correlation_id": "req-7d2c4a9e",
    "next_cursor": None,
    "cgpa": "3.20",
    "final_cgpa": "3.45",
    "service_charge_rate": "1.00",
    "semester": 1,
    "duration_minutes": 120,
    "machines": 12,
    "shifts_per_day": 3,
    "version": 1,
    "plan": 1,
}


def _resolve(document: dict[str, Any], schema: dict[str, Any]) -> tuple[str | None, dict[str, Any]]:
    ref = schema.get("$ref")
    if isinstance(ref, str) and ref.startswith("#/components/schemas/"):
        name = ref.rsplit("/", 1)[-1]
        return name, document.get("components", {}).get("schemas", {}).get(name, {})
    return None, schema


def example_of(
    document: dict[str, Any],
    schema: dict[str, Any],
    *,
    field: str | None = None,
    seen: frozenset[str] = frozenset(),
) -> Any:
    """An example value of `schema` (a field named `field`), its refs read from `document`."""
    # A field's own example or default (beside its `$ref`) comes before its type's.
    if schema.get("examples"):
        return schema["examples"][0]
    if "$ref" in schema and schema.get("default") is not None:
        return schema["default"]
    name, schema = _resolve(document, schema)
    if name is not None and name in seen:
        return None
    seen = seen | {name} if name else seen
    for key in ("examples", "example"):
        if key in schema:
            value = schema[key]
            return value[0] if key == "examples" and isinstance(value, list) and value else value
    named = _named(document, schema, field)
    if named is not _NONE:
        return named
    default = schema.get("default")
    if default is not None and default != []:
        return default
    if schema.get("enum"):
        return schema["enum"][0]
    if "const" in schema:
        return schema["const"]
    for key in ("anyOf", "oneOf", "allOf"):
        options = [s for s in schema.get(key, []) if s.get("type") != "null"]
        if options:
            return example_of(document, options[0], field=field, seen=seen)
    kind = schema.get("type")
    if kind == "object" or "properties" in schema:
        return {
            prop: example_of(document, sub, field=prop, seen=seen)
            for prop, sub in schema.get("properties", {}).items()
        }
    if kind == "array":
        item = example_of(document, schema.get("items", {}), field=None, seen=seen)
        return [] if item is None else [item]
    return _of_type(schema, field)


_NONE = object()
_TYPES = {str: "string", int: "integer", bool: "boolean"}


def _kind(document: dict[str, Any], schema: dict[str, Any]) -> tuple[str | None, bool]:
    """The JSON type of a schema (its first non-null option) and whether it may be null."""
    _, schema = _resolve(document, schema)
    options = schema.get("anyOf") or schema.get("oneOf")
    if options:
        kinds = [_kind(document, o) for o in options]
        real = [k for k, _ in kinds if k != "null"]
        return (real[0] if real else "null"), any(k == "null" for k, _ in kinds)
    return schema.get("type"), False


def _named(document: dict[str, Any], schema: dict[str, Any], field: str | None) -> Any:
    """The `NAMED` value for `field` when it is of the field's type, else `_NONE`."""
    if field not in NAMED:
        return _NONE
    value = NAMED[field]
    kind, nullable = _kind(document, schema)
    if value is None:
        return None if nullable else _NONE
    if isinstance(value, list):
        if kind != "array":
            return _NONE
        _, array = _resolve(document, schema)
        items: dict[str, Any] = next(
            (o.get("items", {}) for o in array.get("anyOf", [array]) if o.get("type") == "array"),
            {},
        )
        return value if _kind(document, items)[0] == "string" else _NONE
    if kind == "array" and _TYPES.get(type(value)) == "string":
        return [value]
    return value if _TYPES.get(type(value)) == kind else _NONE


def _of_type(schema: dict[str, Any], field: str | None) -> Any:
    kind = schema.get("type")
    if kind == "boolean":
        return False
    if kind in ("integer", "number"):
        low = schema.get("minimum", schema.get("exclusiveMinimum", 0) + 1)
        return int(low) if kind == "integer" else low
    fmt = schema.get("format")
    if fmt == "date":
        return DAY
    if fmt == "date-time":
        return INSTANT_EXAMPLE
    if field == "id" or (field or "").endswith("_id"):
        return _UUID
    if kind == "string":
        return (field or "text").replace("_", " ")
    return None


def add_examples(document: dict[str, Any]) -> dict[str, Any]:
    """Give every object schema of `document` that has none an example composed from its fields."""
    schemas = document.get("components", {}).get("schemas", {})
    for name, schema in schemas.items():
        if "examples" in schema or "example" in schema or name == "Problem":
            continue
        if schema.get("type") == "object" or "properties" in schema:
            schema["examples"] = [example_of(document, {"$ref": f"#/components/schemas/{name}"})]
    return document
