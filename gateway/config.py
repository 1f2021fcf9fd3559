"""Gateway settings, from the environment names in the contract."""

from __future__ import annotations

from pathlib import Path

from pydantic import AliasChoices, Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from shared.process.settings import PROJECT_ROOT, VAR_DIR

DEV_CLIENTS_FILE = PROJECT_ROOT / "deploy" / "dev" / "clients.toml"


def _env(*names: str) -> AliasChoices:
    return AliasChoices(*names)


class GatewaySettings(BaseSettings):
    model_config = SettingsConfigDict(extra="ignore", populate_by_name=True)

    port: int = Field(default=8000, validation_alias=_env("GATEWAY_PORT", "port"))
    contribution_url: str = Field(
        default="http://127.0.0.1:8001",
        validation_alias=_env("CONTRIBUTION_URL", "contribution_url"),
    )
    loan_url: str = Field(
        default="http://127.0.0.1:8002", validation_alias=_env("LOAN_URL", "loan_url")
    )
    dialysis_url: str = Field(
        default="http://127.0.0.1:8003", validation_alias=_env("DIALYSIS_URL", "dialysis_url")
    )
    appeals_url: str = Field(
        default="http://127.0.0.1:8004", validation_alias=_env("APPEALS_URL", "appeals_url")
    )
    nats_url: str = Field(
        default="nats://127.0.0.1:4222", validation_alias=_env("NATS_URL", "nats_url")
    )
    clients_file: Path = Field(
        default=DEV_CLIENTS_FILE, validation_alias=_env("GATEWAY_CLIENTS_FILE", "clients_file")
    )
    jwt_private_key_file: Path = Field(
        default=VAR_DIR / "gateway-jwt-ed25519.pem",
        validation_alias=_env("GATEWAY_JWT_PRIVATE_KEY_FILE", "jwt_private_key_file"),
    )
    jwt_issuer: str = Field(
        default="perkeso-gateway", validation_alias=_env("JWT_ISSUER", "jwt_issuer")
    )
    jwt_audience: str = Field(
        default="perkeso", validation_alias=_env("JWT_AUDIENCE", "jwt_audience")
    )
    token_ttl_seconds: int = Field(
        default=3600, validation_alias=_env("TOKEN_TTL_SECONDS", "token_ttl_seconds")
    )
    upstream_timeout_seconds: float = Field(
        default=30.0, validation_alias=_env("UPSTREAM_TIMEOUT_SECONDS", "upstream_timeout_seconds")
    )
    summary_timeout_seconds: float = Field(
        default=2.0, validation_alias=_env("SUMMARY_TIMEOUT_SECONDS", "summary_timeout_seconds")
    )
    signature_tolerance_seconds: int = Field(
        default=300,
        validation_alias=_env("SIGNATURE_TOLERANCE_SECONDS", "signature_tolerance_seconds"),
    )
    max_body_bytes: int = Field(
        default=1 << 20, validation_alias=_env("MAX_BODY_BYTES", "max_body_bytes")
    )
    max_upload_bytes: int = Field(
        default=256 << 20, validation_alias=_env("MAX_UPLOAD_BYTES", "max_upload_bytes")
    )
    rate_limits: dict[str, str] = Field(
        default_factory=dict,
        validation_alias=_env("RATE_LIMITS", "rate_limits"),
        description='per role "requests_per_second:burst", e.g. {"member": "10:30"}',
    )
    cors_origins: list[str] = Field(
        default_factory=list, validation_alias=_env("CORS_ORIGINS", "cors_origins")
    )
    # Officers from the organisation's own identity provider (OpenID Connect), exchanged at
    # /auth/token for a platform token (gateway/oidc.py). All four unset: no provider trusted.
    oidc_issuer: str | None = Field(
        default=None, validation_alias=_env("OIDC_ISSUER", "oidc_issuer")
    )
    oidc_jwks_url: str | None = Field(
        default=None, validation_alias=_env("OIDC_JWKS_URL", "oidc_jwks_url")
    )
    oidc_audience: str | None = Field(
        default=None, validation_alias=_env("OIDC_AUDIENCE", "oidc_audience")
    )
    oidc_role_claim: str = Field(
        default="roles",
        validation_alias=_env("OIDC_ROLE_CLAIM", "oidc_role_claim"),
        description='the claim holding the user\'s roles, dotted for nested ones ("realm_access.roles")',
    )
    oidc_officer_role: str = Field(
        default="perkeso-officer",
        validation_alias=_env("OIDC_OFFICER_ROLE", "oidc_officer_role"),
        description="the value of that claim that makes a user an officer",
    )
    oidc_actor_claim: str = Field(
        default="preferred_username",
        validation_alias=_env("OIDC_ACTOR_CLAIM", "oidc_actor_claim"),
        description="the claim naming the officer on every record (else `sub`)",
    )
    oidc_branch_claim: str = Field(
        default="branch", validation_alias=_env("OIDC_BRANCH_CLAIM", "oidc_branch_claim")
    )
    environment: str = Field(
        default="development", validation_alias=_env("ENVIRONMENT", "environment")
    )
    log_level: str = Field(default="INFO", validation_alias=_env("LOG_LEVEL", "log_level"))
    log_json: bool = Field(default=True, validation_alias=_env("LOG_JSON", "log_json"))

    @model_validator(mode="after")
    def _refuse_dev_material_in_production(self) -> GatewaySettings:
        if (
            self.environment.lower() == "production"
            and self.clients_file.resolve() == DEV_CLIENTS_FILE
        ):
            raise ValueError("GATEWAY_CLIENTS_FILE must name a real clients file in production")
        oidc = (self.oidc_issuer, self.oidc_jwks_url, self.oidc_audience)
        if any(oidc) and not all(oidc):
            raise ValueError("OIDC_ISSUER, OIDC_JWKS_URL and OIDC_AUDIENCE go together")
        return self

    @property
    def upstreams(self) -> dict[str, str]:
        """Path prefix -> service base URL(s), comma-separated for several replicas."""
        return {
            "/v1/contributions": self.contribution_url,
            "/v1/loans": self.loan_url,
            "/v1/dialysis": self.dialysis_url,
            "/v1/appeals": self.appeals_url,
        }
