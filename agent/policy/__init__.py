"""Department policies (POLICY.md): the validated model and its loader."""

from agent.policy.loader import (
    bundled_policies_dir,
    check_policy_files,
    load_policy,
    load_policy_folder,
    policy_from_dict,
)
from agent.policy.model import Policy
from agent.policy.problems import PolicyError, PolicyProblem

__all__ = [
    "Policy",
    "PolicyError",
    "PolicyProblem",
    "bundled_policies_dir",
    "check_policy_files",
    "load_policy",
    "load_policy_folder",
    "policy_from_dict",
]
