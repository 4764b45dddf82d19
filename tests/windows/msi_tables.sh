# Copyright (c) 2026 the soss authors
# SPDX-License-Identifier: Apache-2.0
# Sourced by test_msi.sh: checks the tables of one MSI with msiinfo (no Windows needed).
#   check_tables MSI ARCH(x64|x86)
# Uses check/note from test_msi.sh.

# The value of column COL (1-based) in the row of TABLE whose first column is KEY.
msi_cell() {
  local msi=$1 table=$2 key=$3 col=$4
  msiinfo export "$msi" "$table" | tr -d '\r' | awk -F'\t' -v k="$key" -v c="$col" \
    'NR > 3 && $1 == k { print $c; exit }'
}

check_tables() {
  local msi=$1 arch=$2 name pf template win64
  name=$(basename "$msi")
  if [ "$arch" = x64 ]; then
    pf=ProgramFiles64Folder template='x64;1033' win64=256
  else
    pf=ProgramFilesFolder template='Intel;1033' win64=0
  fi
  msiinfo suminfo "$msi" | grep -q "Template: $template" ; check $? "$name: summary Template is $template"

  # Feature: Level column 6; the remote client is every feature at level <= 500.
  local feature level
  for feature in StateServerService:1000 ManagementTools:500 NativeLibs:1 Samples:500; do
    level=$(msi_cell "$msi" Feature "${feature%%:*}" 6)
    [ "$level" = "${feature##*:}" ]; check $? "$name: Feature ${feature%%:*} has Level ${feature##*:} (got '$level')"
  done
  [ "$(msi_cell "$msi" Feature StateServerService 7)" = APPLICATIONFOLDER ]
  check $? "$name: StateServerService's folder is APPLICATIONFOLDER"
  ! msiinfo export "$msi" Feature | grep -q RestApiService
  check $? "$name: no RestApiService feature (soss_rest is not built for Windows)"

  # Component: 64-bit bit, and NeverOverwrite (128) + Permanent (16) on the parameters file.
  [ "$(msi_cell "$msi" Component cmpParams 4)" = $((win64 + 144)) ]
  check $? "$name: soss_params.txt component is NeverOverwrite + Permanent"
  [ "$(msi_cell "$msi" Component cmpService 4)" = "$win64" ]
  check $? "$name: service component attributes $win64"
  [ "$(msi_cell "$msi" FeatureComponents ManagementTools 2)" != "" ]
  check $? "$name: FeatureComponents lists ManagementTools"
  msiinfo export "$msi" FeatureComponents | grep -q "^ManagementTools	cmpClientDll"
  check $? "$name: ManagementTools carries soss_client.dll (soss.exe loads it)"
  msiinfo export "$msi" FeatureComponents | grep -q "^ManagementTools	cmpParams"
  check $? "$name: ManagementTools carries soss_params.txt (soss.exe reads the ports)"

  # ServiceInstall: own process (16), auto start (2), normal errors (1), --service.
  [ "$(msi_cell "$msi" ServiceInstall svcInstall 2)" = soss ]; check $? "$name: ServiceInstall names service 'soss'"
  [ "$(msi_cell "$msi" ServiceInstall svcInstall 4)" = 16 ] && [ "$(msi_cell "$msi" ServiceInstall svcInstall 5)" = 2 ]
  check $? "$name: ServiceInstall is own-process, auto start"
  [ "$(msi_cell "$msi" ServiceInstall svcInstall 11)" = "--service" ]; check $? "$name: the service runs with --service"
  # ServiceControl events: start on install (1), stop on install (2) and uninstall (32),
  # delete on uninstall (128) = 163; Wait = 1.
  [ "$(msi_cell "$msi" ServiceControl svcControl 3)" = 163 ] && [ "$(msi_cell "$msi" ServiceControl svcControl 5)" = 1 ]
  check $? "$name: ServiceControl starts on install, stops and removes on uninstall, waits"

  [ "$(msi_cell "$msi" Property INSTALLLEVEL 2)" = 1000 ]; check $? "$name: Property INSTALLLEVEL = 1000 (full install)"
  [ "$(msi_cell "$msi" Property ALLUSERS 2)" = 1 ]; check $? "$name: per-machine install (ALLUSERS 1)"
  [ -n "$(msi_cell "$msi" Property UpgradeCode 2)" ]; check $? "$name: Property UpgradeCode set"
  [ "$(msi_cell "$msi" Directory APPLICATIONFOLDER 2)" = "$pf" ]
  check $? "$name: APPLICATIONFOLDER (public, settable) under $pf"

  msiinfo export "$msi" AppSearch | grep -q "^APPLICATIONFOLDER	rsInstallDir"
  check $? "$name: AppSearch reads the installed folder back into APPLICATIONFOLDER"
  [ "$(msi_cell "$msi" RegLocator rsInstallDir 5)" = $(( win64 == 256 ? 18 : 2 )) ]
  check $? "$name: RegLocator reads InstallDir in the $arch registry view"
  msi_cell "$msi" Property SecureCustomProperties 2 | grep -q APPLICATIONFOLDER
  check $? "$name: APPLICATIONFOLDER is a secure property"

  # Upgrade: one row finds older versions (to remove), one newer ones (to refuse).
  local upgrade
  upgrade=$(msiinfo export "$msi" Upgrade | tr -d '\r')
  echo "$upgrade" | grep -q "WIX_UPGRADE_DETECTED" && echo "$upgrade" | grep -q "WIX_DOWNGRADE_DETECTED"
  check $? "$name: Upgrade table detects older and newer versions"
  [ "$(echo "$upgrade" | awk -F'\t' '$7 == "WIX_UPGRADE_DETECTED" { print $5 }')" = 513 ]
  check $? "$name: a rebuild of the same version upgrades (VersionMaxInclusive)"
  msiinfo export "$msi" LaunchCondition | grep -q "NOT WIX_DOWNGRADE_DETECTED"
  check $? "$name: LaunchCondition refuses a downgrade"
  msiinfo export "$msi" InstallExecuteSequence | grep -q "^RemoveExistingProducts"
  check $? "$name: RemoveExistingProducts scheduled (major upgrade)"
}
