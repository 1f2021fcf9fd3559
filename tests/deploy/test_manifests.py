"""The deployment manifests render and validate, and the validator catches what it claims to."""

from __future__ import annotations

import copy
import difflib
import importlib.util
from pathlib import Path
from types import ModuleType

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]


def load_validator() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "k8s_validate", ROOT / "deploy" / "k8s" / "validate.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


validator = load_validator()


@pytest.fixture(scope="module")
def production() -> list[dict]:
    return validator.render(ROOT / "deploy" / "k8s" / "overlays" / "production")


@pytest.mark.parametrize("overlay", ["dev", "production"])
def test_every_overlay_renders_and_validates(overlay: str) -> None:
    docs = validator.render(ROOT / "deploy" / "k8s" / "overlays" / overlay)
    assert validator.validate(docs) == []
    kinds = {d["kind"] for d in docs}
    assert {
        "Deployment",
        "Service",
        "HorizontalPodAutoscaler",
        "PodDisruptionBudget",
        "NetworkPolicy",
        "ConfigMap",
        "Secret",
        "Ingress",
        "Job",
    } <= kinds


def test_production_runs_three_replicas_and_a_postgres_cluster_per_context(
    production: list[dict],
) -> None:
    deployments = {d["metadata"]["name"]: d for d in production if d["kind"] == "Deployment"}
    assert {name: d["spec"]["replicas"] for name, d in deployments.items()} == dict.fromkeys(
        ["gateway", "contribution", "loan", "dialysis", "appeals"], 3
    )
    clusters = {d["metadata"]["name"] for d in production if d["kind"] == "Cluster"}
    assert clusters == {"contribution-db", "loan-db", "dialysis-db", "appeals-db"}
    jobs = {d["metadata"]["name"] for d in production if d["kind"] == "Job"}
    assert jobs == {"migrate-contribution", "migrate-loan", "migrate-dialysis", "migrate-appeals"}


def test_a_schema_violation_is_reported(production: list[dict]) -> None:
    broken = copy.deepcopy(production)
    deployment = next(d for d in broken if d["kind"] == "Deployment")
    deployment["spec"]["replicas"] = "three"
    assert any("replicas" in p or "three" in p for p in validator.validate(broken))


def test_a_missing_probe_or_limit_is_reported(production: list[dict]) -> None:
    broken = copy.deepcopy(production)
    container = next(d for d in broken if d["kind"] == "Deployment")["spec"]["template"]["spec"][
        "containers"
    ][0]
    del container["readinessProbe"]
    del container["resources"]["limits"]
    problems = validator.validate(broken)
    assert any("readiness" in p for p in problems)
    assert any("limits" in p for p in problems)


def test_the_network_policy_must_admit_only_the_gateway(production: list[dict]) -> None:
    broken = copy.deepcopy(production)
    policy = next(
        d
        for d in broken
        if d["kind"] == "NetworkPolicy" and d["metadata"]["name"] == "services-only-from-gateway"
    )
    policy["spec"]["ingress"][0]["from"].append({"podSelector": {}})
    assert any("only the gateway" in p for p in validator.validate(broken))


def test_committed_secrets_are_placeholders(production: list[dict]) -> None:
    broken = copy.deepcopy(production)
    secret = next(d for d in broken if d["kind"] == "Secret")
    secret["stringData"] = {"url": "postgresql+asyncpg://app:hunter2@db/app"}
    assert any("placeholders" in p for p in validator.validate(broken))


def test_nats_fsyncs_every_write_and_streams_have_three_replicas() -> None:
    assert validator.main() == 0
    streams = validator.load_documents(ROOT / "deploy" / "k8s" / "nats" / "streams.yaml")
    assert all(s["spec"]["replicas"] == 3 for s in streams)
    bad = copy.deepcopy(streams[0])
    bad["spec"]["replicas"] = 1
    assert validator.check_custom_resource(bad)


async def test_behind_the_ingress_a_callback_is_counted_per_real_sending_address(
    production: list[dict],
) -> None:
    """Every request reaches the gateway from the ingress controller: without trusting its
    X-Forwarded-For, all of a bank's callbacks would share one bucket with every unsigned post;
    trusting it from anyone would let a caller name its own address and escape its limit."""
    from uvicorn.middleware.proxy_headers import ProxyHeadersMiddleware

    from tests.support.rate_limit import limiter_knowing_mbb

    gateway = next(
        d for d in production if d["kind"] == "Deployment" and d["metadata"]["name"] == "gateway"
    )
    env = {
        e["name"]: e.get("value")
        for e in gateway["spec"]["template"]["spec"]["containers"][0]["env"]
    }
    trusted = env["FORWARDED_ALLOW_IPS"]
    assert "*" not in trusted

    limiter, app = limiter_knowing_mbb()
    seen: dict[str, object] = {}

    async def capture(scope, receive, send) -> None:  # type: ignore[no-untyped-def]
        seen.update(scope)

    proxy = ProxyHeadersMiddleware(capture, trusted_hosts=trusted)

    async def bucket_of(peer: str, forwarded_for: str) -> list[tuple[str, str]]:
        scope = {
            "type": "http",
            "method": "POST",
            "path": "/v1/contributions/payments/callbacks/MBB",
            "headers": [(b"x-forwarded-for", forwarded_for.encode())],
            "client": (peer, 4000),
            "app": app,
        }
        await proxy(scope, None, None)  # type: ignore[arg-type]
        return await limiter._identify(seen)  # type: ignore[arg-type]

    # Through the ingress: the bank's own address.
    assert await bucket_of("10.42.0.7", "203.0.113.9") == [("bank:MBB@203.0.113.9", "bank")]
    # A caller that sends its own X-Forwarded-For gets the ingress's entry for it, not its claim.
    assert await bucket_of("10.42.0.7", "198.51.100.1, 203.0.113.9") == [
        ("bank:MBB@203.0.113.9", "bank")
    ]
    # From a peer outside the trusted networks the header is ignored.
    assert await bucket_of("203.0.113.50", "198.51.100.1") == [("bank:MBB@203.0.113.50", "bank")]


KUBECTL = validator.find_kubectl()


def needs_kubectl(reason: str) -> pytest.MarkDecorator:
    return pytest.mark.skipif(KUBECTL is None, reason=f"kubectl is not installed: {reason}")


def identity(doc: dict) -> tuple[str, str, str, str]:
    metadata = doc.get("metadata", {})
    return (
        str(doc.get("apiVersion")),
        str(doc.get("kind")),
        str(metadata.get("namespace")),
        str(metadata.get("name")),
    )


def differences(built_in: list[dict], kustomized: list[dict]) -> list[str]:
    """Each object either renderer produces that the other does not, with a diff of the two."""
    ours = sorted(built_in, key=identity)
    theirs = sorted(kustomized, key=identity)
    by_identity = {identity(d): d for d in theirs}
    found = []
    if len(by_identity) != len(theirs) or len({identity(d) for d in ours}) != len(ours):
        found.append("a renderer produced the same object twice")
    for doc in ours:
        other = by_identity.get(identity(doc))
        if other is None:
            found.append(f"only the built-in renderer produces {identity(doc)}")
        elif other != doc:
            diff = difflib.unified_diff(
                yaml.safe_dump(doc, sort_keys=True).splitlines(),
                yaml.safe_dump(other, sort_keys=True).splitlines(),
                "built-in",
                "kubectl kustomize",
                lineterm="",
            )
            found.append(f"{identity(doc)} differs:\n" + "\n".join(diff))
    mine = {identity(d) for d in ours}
    found.extend(
        f"only kubectl kustomize produces {identity(d)}" for d in theirs if identity(d) not in mine
    )
    return found


@needs_kubectl("nothing to compare the built-in renderer with")
@pytest.mark.parametrize("overlay", ["dev", "production"])
def test_the_built_in_renderer_produces_what_kubectl_kustomize_does(overlay: str) -> None:
    """The built-in renderer is the fallback where kubectl is absent: it must not drift."""
    assert KUBECTL is not None
    directory = ROOT / "deploy" / "k8s" / "overlays" / overlay
    kustomized = validator.render_with_kubectl(directory, KUBECTL)
    assert differences(validator.render(directory), kustomized) == []
    assert validator.validate(kustomized) == []


def test_the_drift_check_sees_a_changed_object(production: list[dict]) -> None:
    changed = copy.deepcopy(production)
    next(d for d in changed if d["kind"] == "Deployment")["spec"]["replicas"] = 7
    found = differences(production, changed[1:])
    assert any("differs" in f and "replicas: 7" in f for f in found)
    assert any("only the built-in renderer" in f for f in found)


@needs_kubectl("the built-in renderer stands in (tested below)")
def test_make_k8s_validate_renders_with_kubectl_where_it_is_installed(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert validator.main() == 0
    assert capsys.readouterr().out.splitlines()[0].startswith("renderer: kubectl kustomize")


def test_without_kubectl_it_falls_back_to_the_built_in_renderer_and_says_so(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(validator, "find_kubectl", lambda: None)
    assert validator.main() == 0
    out = capsys.readouterr().out.splitlines()
    assert [line for line in out if "renderer" in line] == [
        "renderer: kubectl not found, falling back to the built-in kustomize subset"
        " (install kubectl to render with kustomize itself)"
    ]


@needs_kubectl("no kustomize errors to report")
def test_a_kustomize_error_is_a_render_error(tmp_path: Path) -> None:
    assert KUBECTL is not None
    (tmp_path / "kustomization.yaml").write_text("resources:\n  - missing.yaml\n")
    with pytest.raises(validator.RenderError, match=r"missing\.yaml"):
        validator.render_with_kubectl(tmp_path, KUBECTL)


def _keep_alive(args: list[str]) -> float:
    """The idle seconds uvicorn keeps a connection open (its default is 5)."""
    return (
        float(args[args.index("--timeout-keep-alive") + 1])
        if "--timeout-keep-alive" in args
        else 5.0
    )


def test_a_service_keeps_an_idle_connection_longer_than_the_gateway_reuses_one(
    production: list[dict],
) -> None:
    """The gateway pools its connections to the services; one a service closes for idleness while
    the gateway reuses it fails the request in flight (a 502 'service not reachable', seen once
    in 210 requests). So every service, as deployed and as `make run` starts it, keeps an idle
    connection open longer than the gateway's pool keeps one."""
    from deploy.run import uvicorn
    from gateway.proxy import POOL_IDLE_SECONDS

    services = ["contribution", "loan", "dialysis", "appeals"]
    deployed = {
        d["metadata"]["name"]: d["spec"]["template"]["spec"]["containers"][0]["args"]
        for d in production
        if d["kind"] == "Deployment" and d["metadata"]["name"] in services
    }
    assert set(deployed) == set(services)
    run_locally = uvicorn("services.loan.main:create_app", "8002", {})
    for name, args in {**deployed, "make run": run_locally}.items():
        assert _keep_alive(args) > POOL_IDLE_SECONDS, name
