; Inno Setup script for Communiqué's Windows installer (Inno Setup 6.3 or later).
; packaging\windows\build-installer.ps1 runs it after `pyinstaller build.spec`, passing the version
; from pyproject.toml:   iscc /DAppVersion=0.1.0 packaging\windows\communique.iss
;
; It installs dist\communique for the current user (no administrator needed; an administrator may
; choose all users), with a Start-menu entry, an optional desktop icon and an uninstaller listed in
; Settings > Apps. The library and settings live in %LOCALAPPDATA%\Communique and the registry key
; HKCU\Software\Communique: the installer never writes there and the uninstaller removes only what
; it installed, so uninstalling (or upgrading) keeps the user's library.

#ifndef AppVersion
  #error Define the version: iscc /DAppVersion=X.Y.Z communique.iss
#endif
#define Bundle "..\..\dist\communique"

[Setup]
; The AppId ties upgrades and the uninstaller to one product; never change it.
AppId={{4B7C2E91-6D3A-4F58-9A0E-C1D5B8F3E276}
AppName=Communiqué
AppVersion={#AppVersion}
AppVerName=Communiqué {#AppVersion}
AppPublisher=Communiqué
AppComments=Offline reader and annotator for press releases
VersionInfoVersion={#AppVersion}
DefaultDirName={autopf}\Communique
DisableProgramGroupPage=yes
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
OutputDir=..\..\dist
OutputBaseFilename=Communique-{#AppVersion}-windows-x64-setup
SetupIconFile=..\..\resources\icons\communique.ico
UninstallDisplayName=Communiqué
UninstallDisplayIcon={app}\communique.exe
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
CloseApplications=yes

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[InstallDelete]
; An upgrade replaces the bundle whole, so no file of an older version (a Qt plugin, say) lingers.
Type: filesandordirs; Name: "{app}\_internal"

[Files]
Source: "{#Bundle}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\Communiqué"; Filename: "{app}\communique.exe"; Comment: "Read, highlight and annotate press releases"
Name: "{autodesktop}\Communiqué"; Filename: "{app}\communique.exe"; Tasks: desktopicon

[Run]
Filename: "{app}\communique.exe"; Description: "{cm:LaunchProgram,Communiqué}"; Flags: nowait postinstall skipifsilent
