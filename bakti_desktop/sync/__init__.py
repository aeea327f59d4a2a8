"""Laptop sync: packages of records handed from one laptop to another and merged."""
