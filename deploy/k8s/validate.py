"""`make k8s-validate`: render every overlay and validate every manifest offline.

Each overlay is rendered with `kubectl kustomize` where kubectl is installed (it builds locally and
never talks to a cluster). Where it is not, a built-in renderer of the subset of kustomize the
manifests use (resources, namespace, labels, images, strategic-merge patches by kind and name,
containers merged by name) stands in, and says so; tests/deploy checks that both produce the same
objects wherever kubectl exists, so the fallback cannot drift. Each rendered object is validated
against the pinned Kubernetes schema with kubernetes-validate. Custom resources (CloudNativePG
Cluster, NACK Stream), which have no schema there, get checks of their essential fields. Platform
rules are checked too: probes, limits, non-root, and a NetworkPolicy that admits only the gateway to
the services.
"""

from __future__ import annotations

import copy
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import kubernetes_validate
import yaml

HERE = Path(__file__).resolve().parent
KUBERNETES_VERSION = "1.30.0"
OVERLAYS = ("dev", "production")
KUBECTL_TIMEOUT_SECONDS = 120
Manifest = dict[str, Any]


class RenderError(ValueError):
    pass


def load_documents(path: Path) -> list[Manifest]:
    return [doc for doc in yaml.safe_load_all(path.read_text()) if doc]


def merge(base: Any, patch: Any) -> Any:
    """Strategic merge as kustomize applies it to the fields these manifests patch."""
    if isinstance(base, dict) and isinstance(patch, dict):
        out = dict(base)
        for key, value in patch.items():
            out[key] = merge(base[key], value) if key in base else copy.deepcopy(value)
        return out
    if (
        isinstance(base, list)
        and isinstance(patch, list)
        and all(isinstance(x, dict) and "name" in x for x in base + patch)
    ):
        by_name = {item["name"]: item for item in base}
        merged = [
            merge(by_name[item["name"]], item) if item["name"] in by_name else copy.deepcopy(item)
            for item in patch
        ]
        patched = {item["name"] for item in patch}
        return merged + [item for item in base if item["name"] not in patched]
    return copy.deepcopy(patch)


def key(doc: Manifest) -> tuple[str, str]:
    return (str(doc.get("kind")), str(doc.get("metadata", {}).get("name")))


def render(directory: Path) -> list[Manifest]:
    """Render one kustomization directory with the built-in kustomize subset."""
    kustomization_file = directory / "kustomization.yaml"
    if not kustomization_file.exists():
        raise RenderError(f"{directory} has no kustomization.yaml")
    kustomization = yaml.safe_load(kustomization_file.read_text()) or {}
    docs: list[Manifest] = []
    for resource in kustomization.get("resources", []):
        target = (directory / resource).resolve()
        if target.is_dir():
            docs.extend(render(target))
        elif target.exists():
            docs.extend(load_documents(target))
        else:
            raise RenderError(
                f"{directory.name}/kustomization.yaml names a missing resource {resource}"
            )
    for entry in kustomization.get("patches", []):
        for patch in load_documents(directory / entry["path"]):
            matches = [d for d in docs if key(d) == key(patch)]
            if not matches:
                raise RenderError(
                    f"patch {entry['path']} targets {key(patch)} which is not in the resources"
                )
            for doc in matches:
                doc.update(merge(doc, patch))
    namespace = kustomization.get("namespace")
    labels: dict[str, str] = {}
    for entry in kustomization.get("labels", []):
        labels.update(entry.get("pairs", {}))
    images = {i["name"]: i for i in kustomization.get("images", [])}
    for doc in docs:
        metadata = doc.setdefault("metadata", {})
        if namespace and doc.get("kind") != "Namespace":
            metadata["namespace"] = namespace
        if doc.get("kind") == "Namespace" and namespace:
            metadata["name"] = namespace
        if labels:
            metadata.setdefault("labels", {}).update(labels)
        for container in containers(doc):
            name, _, _tag = str(container.get("image", "")).partition(":")
            if name in images:
                container["image"] = f"{name}:{images[name].get('newTag', 'latest')}"
    return docs


def find_kubectl() -> str | None:
    return shutil.which("kubectl")


def kubectl_env() -> dict[str, str]:
    """kubectl's environment with an empty kubeconfig: `kustomize` needs none, and no cluster is
    ever within reach."""
    return {**os.environ, "KUBECONFIG": os.devnull}


def kustomize_version(kubectl: str) -> str | None:
    """The kustomize version built into kubectl (`version --client` reads no cluster)."""
    try:
        result = subprocess.run(
            [kubectl, "version", "--client", "--output=json"],
            capture_output=True,
            text=True,
            timeout=KUBECTL_TIMEOUT_SECONDS,
            env=kubectl_env(),
            check=False,
        )
        version = json.loads(result.stdout).get("kustomizeVersion")
    except (OSError, subprocess.TimeoutExpired, ValueError, AttributeError):
        return None
    return str(version) if version else None


def render_with_kubectl(directory: Path, kubectl: str) -> list[Manifest]:
    """Render one kustomization directory with `kubectl kustomize`."""
    try:
        result = subprocess.run(
            [kubectl, "kustomize", str(directory)],
            capture_output=True,
            text=True,
            timeout=KUBECTL_TIMEOUT_SECONDS,
            env=kubectl_env(),
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise RenderError(f"kubectl kustomize {directory.name}: {exc}") from exc
    if result.returncode != 0:
        raise RenderError(f"kubectl kustomize {directory.name}: {result.stderr.strip()}")
    return [doc for doc in yaml.safe_load_all(result.stdout) if doc]


def select_renderer() -> tuple[Callable[[Path], list[Manifest]], str]:
    """`kubectl kustomize` where kubectl is installed, else the built-in subset; and a line that
    says which."""
    kubectl = find_kubectl()
    if kubectl is None:
        return render, (
            "renderer: kubectl not found, falling back to the built-in kustomize subset"
            " (install kubectl to render with kustomize itself)"
        )
    version = kustomize_version(kubectl)
    label = f"kubectl kustomize (kustomize {version})" if version else "kubectl kustomize"

    def render_overlay(directory: Path) -> list[Manifest]:
        return render_with_kubectl(directory, kubectl)

    return render_overlay, f"renderer: {label}"


def pod_spec(doc: Manifest) -> dict[str, Any] | None:
    spec = doc.get("spec", {})
    if doc.get("kind") in ("Deployment", "Job", "StatefulSet", "DaemonSet"):
        return spec.get("template", {}).get("spec")
    return None


def containers(doc: Manifest) -> list[dict[str, Any]]:
    spec = pod_spec(doc)
    return list(spec.get("containers", [])) if spec else []


def check_custom_resource(doc: Manifest) -> list[str]:
    kind, name = key(doc)
    spec = doc.get("spec", {})
    problems = []
    if doc.get("apiVersion") == "postgresql.cnpg.io/v1" and kind == "Cluster":
        if not isinstance(spec.get("instances"), int) or spec["instances"] < 1:
            problems.append(f"Cluster {name}: spec.instances must be a positive integer")
        if not spec.get("storage", {}).get("size"):
            problems.append(f"Cluster {name}: spec.storage.size is required")
        if not spec.get("bootstrap", {}).get("initdb", {}).get("database"):
            problems.append(
                f"Cluster {name}: one database per bounded context (bootstrap.initdb.database)"
            )
    elif doc.get("apiVersion") == "jetstream.nats.io/v1beta2" and kind == "Stream":
        if spec.get("replicas") != 3:
            problems.append(f"Stream {name}: streams are replicated three times")
        if not spec.get("subjects"):
            problems.append(f"Stream {name}: subjects are required")
    else:
        problems.append(f"{kind} {name}: unknown custom resource {doc.get('apiVersion')}")
    return problems


def check_platform_rules(docs: list[Manifest]) -> list[str]:
    problems = []
    for doc in docs:
        kind, name = key(doc)
        spec = pod_spec(doc)
        if spec is None:
            continue
        security = spec.get("securityContext", {})
        if not security.get("runAsNonRoot"):
            problems.append(f"{kind} {name}: pods must run as non-root")
        for container in spec.get("containers", []):
            limits = container.get("resources", {}).get("limits", {})
            if not {"cpu", "memory"} <= set(limits):
                problems.append(
                    f"{kind} {name}: container {container.get('name')} needs cpu and memory limits"
                )
            if kind == "Deployment":
                if container.get("readinessProbe", {}).get("httpGet", {}).get("path") != "/readyz":
                    problems.append(f"Deployment {name}: readiness probe must be GET /readyz")
                if container.get("livenessProbe", {}).get("httpGet", {}).get("path") != "/healthz":
                    problems.append(f"Deployment {name}: liveness probe must be GET /healthz")
    policies = [d for d in docs if d.get("kind") == "NetworkPolicy"]
    guarded = [
        p
        for p in policies
        if p["spec"].get("podSelector", {}).get("matchLabels", {}).get("perkeso.io/tier")
        == "service"
    ]
    if not guarded:
        problems.append("no NetworkPolicy guards the services")
    for policy in guarded:
        for rule in policy["spec"].get("ingress", []):
            for peer in rule.get("from", []):
                if (
                    peer.get("podSelector", {}).get("matchLabels")
                    != {"app.kubernetes.io/name": "gateway"}
                    or "namespaceSelector" in peer
                ):
                    problems.append(
                        f"NetworkPolicy {policy['metadata']['name']}: only the gateway may reach the services"
                    )
    for doc in docs:
        if doc.get("kind") == "Secret":
            for value in (doc.get("stringData") or {}).values():
                if "REPLACE-ME" not in str(value):
                    problems.append(
                        f"Secret {doc['metadata']['name']}: committed secrets must be placeholders"
                    )
    return problems


def validate(docs: list[Manifest]) -> list[str]:
    problems: list[str] = []
    for doc in docs:
        if "." in str(doc.get("apiVersion", "")).split("/")[0] and not str(
            doc["apiVersion"]
        ).startswith(("apps/", "batch/", "policy/", "autoscaling/", "networking.k8s.io/")):
            problems.extend(check_custom_resource(doc))
            continue
        try:
            kubernetes_validate.validate(doc, KUBERNETES_VERSION, strict=True)
        except kubernetes_validate.ValidationError as exc:
            problems.append(f"{key(doc)}: {exc.message} at {'/'.join(str(p) for p in exc.path)}")
        except kubernetes_validate.InvalidSchemaError as exc:
            problems.append(f"{key(doc)}: {exc}")
    return problems + check_platform_rules(docs)


def main() -> int:
    failed = False
    render_overlay, description = select_renderer()
    print(description)
    for overlay in OVERLAYS:
        try:
            docs = render_overlay(HERE / "overlays" / overlay)
        except (RenderError, yaml.YAMLError) as exc:
            print(f"{overlay}: cannot render: {exc}")
            failed = True
            continue
        problems = validate(docs)
        print(f"{overlay}: {len(docs)} manifests rendered, {len(problems)} problems")
        for problem in problems:
            print(f"  - {problem}")
        failed = failed or bool(problems)
    streams = load_documents(HERE / "nats" / "streams.yaml")
    stream_problems = [p for doc in streams for p in check_custom_resource(doc)]
    values = yaml.safe_load((HERE / "nats" / "values.yaml").read_text())
    if values["config"]["jetstream"]["merge"].get("sync_interval") != "always":
        stream_problems.append(
            "nats values: JetStream must fsync every write (sync_interval: always)"
        )
    if values["config"]["cluster"].get("replicas") != 3:
        stream_problems.append("nats values: a three-node cluster")
    print(f"nats: {len(streams)} streams, {len(stream_problems)} problems")
    for problem in stream_problems:
        print(f"  - {problem}")
    return 1 if failed or stream_problems else 0


if __name__ == "__main__":
    sys.exit(main())
