# a legacy latin-1 module (coding cookie on line 2) through fix and through the README's codemod commands
# -*- coding: latin-1 -*-
"""Café ordering views (legacy module, still latin-1 encoded)."""
import analytics
from django.http import JsonResponse

from cafe.models import Commande, Produit


def commander(request, produit_id):
    produit = Produit.objects.get(pk=produit_id)
    commande = Commande.objects.create(produit=produit, client=request.user)
    # « commande passée » : the café's main funnel step
    analytics.track(request.user.pk, "Commande passée", {"produit": produit.nom})
    return JsonResponse({"commande": commande.pk, "message": "Merci, à bientôt !"})


def annuler(request, commande_id):
    commande = Commande.objects.get(pk=commande_id, client=request.user)
    commande.annuler()
    analytics.identify(request.user.pk, {"dernière_annulation": str(commande.pk)})
    analytics.track(request.user.pk, "Commande annulée", context={"group_id": request.café.pk})
    return JsonResponse({"annulée": True})
