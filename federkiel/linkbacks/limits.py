"""How often one address may send linkbacks (all kinds, all blogs), counted per request.

Saved linkbacks also count against FEDERKIEL_COMMENT_RATE_PER_IP like comments."""

from federkiel.accounts.limits import Limit

LINKBACKS_PER_IP = Limit("linkbacks.ip", "30/10m", "ip")
