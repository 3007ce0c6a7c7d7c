#!/bin/sh
# Runs inside the debootstrapped file system (chroot) before it is imported as sandbox-e2b-base:local.
# E2B programs assume a user "user" (uid 1000) whose home /home/user is writable and is where relative paths land.
# Sandboxes have a read-only root file system and a writable workspace volume at /workspace, so the home directory
# is a link to the workspace: what a program writes at ~ or /home/user lives on the volume the file API serves.
set -eu
groupadd -g 1000 user
useradd -u 1000 -g 1000 -d /home/user -s /bin/bash user
mkdir -p /workspace /home
chown 1000:1000 /workspace
ln -s /workspace /home/user
apt-get clean
rm -rf /var/lib/apt/lists/* /var/cache/apt/*.bin /usr/share/doc/* /usr/share/man/* /usr/share/info/*
